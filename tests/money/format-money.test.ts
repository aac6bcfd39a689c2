import { describe, expect, it } from "vitest";
import { formatMoney, minorUnitsToDecimalString } from "@/lib/money/format-money";

describe("money formatting", () => {
  it.each([
    [0, "usd", "0.00", "$0.00"],
    [5, "usd", "0.05", "$0.05"],
    [123456, "usd", "1234.56", "$1,234.56"],
    [-1999, "eur", "-19.99", "-€19.99"],
    [5000, "jpy", "5000", "¥5,000"],
    [1234, "kwd", "1.234", "KWD 1.234"],
    [9007199254740991, "usd", "90071992547409.91", "$90,071,992,547,409.91"],
    // Stripe's IDR is two-decimal (Intl's default is none): Rp 500,000,000 is 50,000,000,000 minor units.
    [50_000_000_000, "idr", "500000000.00", "IDR 500,000,000"],
    [50_000_000_050, "idr", "500000000.50", "IDR 500,000,000.50"],
    [150_000, "isk", "1500.00", "ISK 1,500"],
    [2_500, "ugx", "2500", "UGX 2,500"],
  ])("%i minor units of %s → %s / %s", (minor, currency, decimal, formatted) => {
    expect(minorUnitsToDecimalString(minor, currency)).toBe(decimal);
    expect(formatMoney(minor, currency).replace(/\u00a0/g, " ")).toBe(formatted);
  });

  it("formats bigint totals without losing precision", () => {
    expect(minorUnitsToDecimalString(BigInt("123456789012345678901"), "usd")).toBe("1234567890123456789.01");
  });

  it("refuses non-integer amounts: money is never a float", () => {
    expect(() => minorUnitsToDecimalString(12.5, "usd")).toThrow(RangeError);
  });
});
