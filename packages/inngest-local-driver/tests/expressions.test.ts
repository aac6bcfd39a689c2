// The small CEL subset the driver evaluates, and what it refuses.
import { describe, expect, it } from "vitest";
import { compileExpression, ExpressionError } from "../src/expressions";

const event = { name: "stripe/invoice.paid", data: { function_id: "app-fn", amount: 1500, currency: "eur", tags: ["a"], "odd-key": "x", nested: { ok: true } } };

describe("compileExpression", () => {
  it.each<[string, unknown]>([
    ["event.data.function_id == 'app-fn'", true],
    [`event.data.function_id == "other"`, false],
    ["event.data.amount >= 1000 && event.data.currency == 'eur'", true],
    ["event.data.amount > 2000 || event.data.nested.ok", true],
    ["!(event.data.amount < 100)", true],
    ["event.data.missing == null", true],
    ["event.data.missing.deeper", null],
    ["event.data['odd-key']", "x"],
    ["event.data.currency + '-' + event.name", "eur-stripe/invoice.paid"],
    ["event.data.amount - 500", 1000],
    ["-event.data.amount", -1500],
    ["event.data.amount != 1500", false],
    ["event.data.currency < 'usd'", true],
    ["event.data.amount > 'a'", false],
    ["true && false", false],
  ])("%s → %j", (source, expected) => {
    expect(compileExpression(source)({ event })).toEqual(expected);
  });

  it.each([
    "event.data.tags.exists(t, t == 'a')",
    "size(event.data.tags)",
    "async.data.id == event.data.id",
    "event.data.amount ? 1 : 2",
    "event.data.amount == 'unterminated",
    "event.data.amount ==",
    "(event.data.amount",
  ])("refuses %s", (source) => {
    expect(() => compileExpression(source)).toThrow(ExpressionError);
  });

  it("accepts other roots when asked (cancellation expressions use `async`)", () => {
    expect(compileExpression("async.data.id == event.data.id", ["event", "async"])({ event: { data: { id: 1 } }, async: { data: { id: 1 } } })).toBe(true);
  });
});
