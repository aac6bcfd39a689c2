// The local Inngest driver's public surface: start it (instrumentation.ts, tests), know whether it
// is the one in use, and inspect runs.
export { isLocalDriverEnabled, withLocalDriver } from "./client-options";
export { startLocalDriver, type LocalDriver, type LocalDriverOptions } from "./driver";
export { RegistrationError } from "./registration";
export type { RunFilter, RunStatus, RunSummary } from "./store";
