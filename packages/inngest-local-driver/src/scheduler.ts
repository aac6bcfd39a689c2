// Cron triggers. Each schedule row holds its next due tick; firing a tick advances the row and
// stores an `inngest/scheduled.timer` event in one statement, so one run per tick however many
// drivers poll. A tick a poll reached late (a stalled host, a restarting driver) still fires on its
// own; ticks missed for longer, while no driver was running, are coalesced into one run, like
// Inngest, which does not backfill crons.
import { createHash } from "node:crypto";
import type { SqlSession } from "./sql";
import { parseCron } from "./registration";
import { dueSchedules, fireTick, type DueSchedule, type StoredEvent } from "./store";

export const SCHEDULED_TIMER_EVENT = "inngest/scheduled.timer";

/** The same id for the same tick, whichever driver fires it. */
function tickEventId(schedule: DueSchedule): string {
  return createHash("sha256").update(`${schedule.functionId}|${schedule.cron}|${schedule.nextTickAt.toISOString()}`).digest("hex").slice(0, 32);
}

export function tickEvent(schedule: DueSchedule): StoredEvent {
  const id = tickEventId(schedule);
  return {
    id,
    name: SCHEDULED_TIMER_EVENT,
    // `fn` routes the tick to its function alone, whatever else listens to timer events.
    payload: { id, name: SCHEDULED_TIMER_EVENT, data: { cron: schedule.cron, fn: schedule.functionId }, ts: schedule.nextTickAt.getTime() },
  };
}

/** How late a tick may be reached and still fire on its own rather than be coalesced. */
export const LATE_TICK_GRACE_MS = 10_000;

/** Fires every due tick; returns how many this driver fired. */
export async function fireDueTicks(db: SqlSession, now = new Date()): Promise<number> {
  let fired = 0;
  for (const due of await dueSchedules(db)) {
    let schedule = due;
    for (;;) {
      const catchUpFrom = Math.max(schedule.nextTickAt.getTime(), now.getTime() - LATE_TICK_GRACE_MS);
      const next = parseCron(schedule.cron).nextRun(new Date(catchUpFrom));
      // Another driver fired this tick first: it owns the ticks after it too.
      if (!(await fireTick(db, schedule, next, tickEvent(schedule)))) break;
      fired++;
      if (!next || next.getTime() > now.getTime()) break;
      schedule = { ...schedule, nextTickAt: next };
    }
  }
  return fired;
}
