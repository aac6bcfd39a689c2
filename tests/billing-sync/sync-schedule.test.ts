// Cron schedules: the compiled sync's interval as an Inngest cron, and the driver's cron parser.
import { describe, expect, it } from "vitest";
import { parseCron } from "@ledgerline/inngest-local-driver";
import { syncCron } from "@/lib/billing-sync/schedule";

describe("syncCron", () => {
  it.each<[number, string]>([
    [0, "* * * * *"],
    [60, "* * * * *"],
    [89, "* * * * *"],
    [90, "*/2 * * * *"],
    [300, "*/5 * * * *"],
    [3_540, "*/59 * * * *"],
    [3_600, "0 */1 * * *"],
    [7_200, "0 */2 * * *"],
    [5_400, "0 */2 * * *"],
    [86_400, "0 0 * * *"],
    [604_800, "0 0 * * *"],
  ])("every %i s → %s", (seconds, expected) => {
    expect(syncCron(seconds)).toBe(expected);
  });
});

describe("parseCron", () => {
  const from = new Date("2026-11-30T10:07:30Z");
  it.each<[string, string]>([
    ["*/5 * * * *", "2026-11-30T10:10:00.000Z"],
    ["0 */2 * * *", "2026-11-30T12:00:00.000Z"],
    ["0 0 * * *", "2026-12-01T00:00:00.000Z"],
    ["TZ=Europe/Paris 0 12 * * *", "2026-11-30T11:00:00.000Z"],
    ["CRON_TZ=America/New_York 0 9 * * 1", "2026-11-30T14:00:00.000Z"],
    ["CRON_TZ=America/New_York 0 9 * * 2", "2026-12-01T14:00:00.000Z"],
  ])("%s next fires at %s", (cron, expected) => {
    expect(parseCron(cron).nextRun(from)?.toISOString()).toBe(expected);
  });

  it("refuses a pattern it cannot read", () => {
    expect(() => parseCron("every five minutes")).toThrow();
  });
});
