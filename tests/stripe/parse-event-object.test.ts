// Every Stripe event process reads its object through one parser: a malformed object fails the run
// for good (no retry can fix it) with the object kind, the event and the field at fault.
import { NonRetriableError } from "inngest";
import { describe, expect, it } from "vitest";
import { parseEventObject } from "@/inngest/stripe-processes/parse-event-object";
import { stripeChargeSchema } from "@/lib/stripe/money-returned-schemas";
import { stripeCustomerSchema } from "@/lib/stripe/schemas";

const event = (object: unknown) => ({ id: "evt_parse_1", data: { object } }) as Parameters<typeof parseEventObject>[1];
const charge = { object: "charge", id: "ch_parse_1", amount: 500, amount_refunded: 0, currency: "usd", created: 1_767_225_600 };

describe("parseEventObject", () => {
  it("answers the parsed object", () => {
    expect(parseEventObject(stripeChargeSchema, event(charge), "charge")).toMatchObject({ id: "ch_parse_1", amount: 500 });
  });

  /** The message of the error a parse throws; fails the test when nothing, or a retriable error, is thrown. */
  function failure(parse: () => unknown): string {
    try {
      parse();
    } catch (error) {
      expect(error).toBeInstanceOf(NonRetriableError);
      return (error as Error).message;
    }
    throw new Error("expected the parse to fail");
  }

  it.each<[string, unknown, RegExp]>([
    ["a field out of bounds", { ...charge, amount: -1 }, /^Invalid charge in evt_parse_1: amount must not be negative$/],
    ["a field of an embedded refund", { ...charge, refunds: { data: [{ object: "refund" }] } }, /^Invalid charge in evt_parse_1: refunds\.data\.0\.id \S/],
  ])("fails for good on %s, naming the field", (_name, object, message) => {
    expect(failure(() => parseEventObject(stripeChargeSchema, event(object), "charge"))).toMatch(message);
  });

  it("fails for good on an event without an object, naming what it expected", () => {
    expect(failure(() => parseEventObject(stripeCustomerSchema, event(null), "customer"))).toMatch(/^Invalid customer in evt_parse_1: \S/);
  });
});
