// Cron triggers. Each schedule row holds its next due tick; firing a tick advances the row and
// stores an `inngest/scheduled.timer` event in one statement, so one run per tick however many
// drivers poll. Ticks missed while no driver was running are coalesced into one run, like
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

/** Fires every due tick; returns how many this driver fired. */
export async function fireDueTicks(db: SqlSession, now = new Date()): Promise<number> {
  let fired = 0;
  for (const schedule of await dueSchedules(db)) {
    const next = parseCron(schedule.cron).nextRun(now);
    if (await fireTick(db, schedule, next, tickEvent(schedule))) fired++;
  }
  return fired;
}
