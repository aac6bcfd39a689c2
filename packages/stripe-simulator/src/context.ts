// What every resource operation works with: the store, the event recorder, faults (payment
// declines), the refunds made, the clock and the public base URL of the running simulator.
import type { EventRecorder } from "./events";
import type { FaultController } from "./faults";
import type { RefundBook } from "./resources/refunds";
import type { Rng } from "./rng";
import type { SimulatorStore } from "./store";

export interface SimContext {
  store: SimulatorStore;
  events: EventRecorder;
  faults: FaultController;
  rng: Rng;
  /** The refunds made so far (in memory, outside the state file). */
  refunds: RefundBook;
  /** Unix seconds from the simulator's clock. */
  now(): number;
  /** e.g. http://127.0.0.1:12111 — hosted invoice pages and portal sessions live under it. */
  baseUrl(): string;
}
