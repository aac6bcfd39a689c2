// Rates are stored in basis points and shown with two decimals, without floats.
import { describe, expect, it } from "vitest";
import { formatRate } from "@/lib/reports/report-table";

describe("formatRate", () => {
  it.each<[number | null, string]>([
    [null, "—"],
    [0, "0.00%"],
    [5, "0.05%"],
    [1234, "12.34%"],
    [10000, "100.00%"],
    [-50, "-0.50%"],
    [-5, "-0.05%"],
    [-100, "-1.00%"],
    [-1234, "-12.34%"],
  ])("%s bp → %s", (bp, expected) => {
    expect(formatRate(bp)).toBe(expected);
  });
});
