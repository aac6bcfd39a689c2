// The services this process runs beside the web server, as readiness and the pipeline watch see
// them: a small status surface, so that code never loads the emulators to ask about them.
import type { ServeCallHealth } from "@ledgerline/inngest-local-driver";

export type { ServeCallHealth };

/** What the rest of the app reads of a local Inngest driver running in this process. */
export interface LocalDriverStatus {
  /** Resolves once the driver has synced the serve endpoint; rejects after `timeoutMs` otherwise. */
  ready(timeoutMs?: number): Promise<void>;
  /** Recent calls to the serve endpoint: are they getting through? */
  serveCalls(): ServeCallHealth;
}

export interface RunningServices {
  driver?: LocalDriverStatus;
  stop(): Promise<void>;
}

const key = Symbol.for("ledgerline.background-services");
type GlobalWithServices = typeof globalThis & { [key]?: Promise<RunningServices> };

/** Records the services this process started (the server at start-up, tests, tools) so readiness can report them. */
export function adoptBackgroundServices(services: RunningServices | Promise<RunningServices>): void {
  (globalThis as GlobalWithServices)[key] = Promise.resolve(services);
}

/** The services this process started, if it started any. */
export function getBackgroundServices(): Promise<RunningServices> | undefined {
  return (globalThis as GlobalWithServices)[key];
}
