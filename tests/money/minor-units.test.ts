import { describe, expect, it } from "vitest";
import { MAX_MINOR_UNITS, MinorUnitsOutOfRangeError, multiplyMinorUnits, toMinorUnits, toMinorUnitsOrNull, withMinorUnits } from "@/lib/money/minor-units";

describe("stored amounts read as numbers", () => {
  it.each<[bigint | number, number]>([
    [BigInt(0), 0],
    [BigInt(1750), 1750],
    [BigInt("50000000000"), 50_000_000_000],
    [BigInt(-2500), -2500],
    [BigInt(MAX_MINOR_UNITS), MAX_MINOR_UNITS],
    [-BigInt(MAX_MINOR_UNITS), -MAX_MINOR_UNITS],
    [42, 42],
  ])("%s → %s", (stored, expected) => {
    expect(toMinorUnits(stored)).toBe(expected);
  });

  it.each<[bigint | number]>([[BigInt(MAX_MINOR_UNITS) + BigInt(1)], [BigInt("9223372036854775807")], [-BigInt(MAX_MINOR_UNITS) - BigInt(1)], [12.5], [Number.MAX_SAFE_INTEGER + 2]])(
    "refuses %s with its value and the limit, never rounding",
    (stored) => {
      expect(() => toMinorUnits(stored)).toThrow(MinorUnitsOutOfRangeError);
      expect(() => toMinorUnits(stored)).toThrow(/beyond the largest amount Ledgerline handles exactly \(±9,007,199,254,740,991\)/);
    },
  );

  it("keeps null as null", () => {
    expect(toMinorUnitsOrNull(null)).toBeNull();
    expect(toMinorUnitsOrNull(BigInt(7))).toBe(7);
  });

  it("converts the BIGINT columns of a row and leaves the rest alone", () => {
    const row = { id: "x", quantity: 3, total: BigInt(50_000_000_000), paidAt: null, amountPaid: BigInt(0) };
    const converted = withMinorUnits(row);
    expect(converted).toEqual({ id: "x", quantity: 3, total: 50_000_000_000, paidAt: null, amountPaid: 0 });
    expect(JSON.stringify(converted)).toBe('{"id":"x","quantity":3,"total":50000000000,"paidAt":null,"amountPaid":0}');
  });
});

describe("unit amount × quantity", () => {
  it.each<[bigint | number, bigint | number, number | null]>([
    [2_500, 4, 10_000],
    [50_000_000_000, 1, 50_000_000_000],
    [2_147_483_647, 2, 4_294_967_294],
    [MAX_MINOR_UNITS, 1, MAX_MINOR_UNITS],
    [MAX_MINOR_UNITS, 2, null],
    [3_000_000_000_000_000, 3, 9_000_000_000_000_000],
    [3_002_399_751_580_330, 3, 9_007_199_254_740_990],
    [3_002_399_751_580_331, 3, null],
    [BigInt("9223372036854775807"), 1, null],
    [0, 2_147_483_647, 0],
  ])("%s × %s = %s", (unit, quantity, expected) => {
    expect(multiplyMinorUnits(unit, quantity)).toBe(expected);
  });
});
