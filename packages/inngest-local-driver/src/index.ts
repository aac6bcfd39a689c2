// The local Inngest driver's public surface: start it, give the Inngest client of the process its
// event API through a link, and inspect runs. Callers pass the database and configuration in.
export { DEFAULT_BURST_POLICY, startLocalDriver, type BurstPolicy, type LocalDriver, type LocalDriverOptions, type ServeCallHealth } from "./driver";
export { createEventApi, type EventApiOptions } from "./event-api";
export { callFromRequest, type InProcessServeRequest, type LocalDriverCall, type LocalDriverLink } from "./link";
export { parseCron, RegistrationError } from "./registration";
export { hashedSigningKey } from "./signing";
export type { SqlSession } from "./sql";
export type { RunFilter, RunStatus, RunSummary } from "./store";
