// How busy this thread's event loop has been lately: the share of the last quarter second it
// spent running code rather than waiting for I/O (Node's event-loop utilization). The driver reads
// it to tell a server that needs its whole loop to answer requests from one that has room to spare.
import { performance, type EventLoopUtilization } from "node:perf_hooks";

export type LoopUtilization = () => number;

/** A reader of this thread's loop utilization, re-measured at most every `windowMs`. */
export function eventLoopUtilization(windowMs = 250): LoopUtilization {
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  let measuredAt = performance.now();
  let utilization = 0;
  return () => {
    const now = performance.now();
    if (now - measuredAt >= windowMs) {
      const current = performance.eventLoopUtilization();
      utilization = performance.eventLoopUtilization(current, last).utilization;
      last = current;
      measuredAt = now;
    }
    return utilization;
  };
}
