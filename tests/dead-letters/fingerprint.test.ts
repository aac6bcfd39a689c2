// Root causes from failure reasons: the customer a reason names, the kind of cause (which fix is
// offered) and titles that are whole sentences.
import { describe, expect, it } from "vitest";
import { causeKindOf, issueTitle, subjectOf } from "@/lib/dead-letters/fingerprint";

const unmapped = 'Stripe customer cus_demo_unmapped has no valid "ledgerline_tenant" metadata, so it cannot be assigned to a tenant. Set it in Stripe, then replay.';

describe("fingerprint parts", () => {
  it.each([
    [unmapped, "cus_demo_unmapped"],
    ["Stripe customer cus_ABC123 could not be found.", "cus_abc123"],
    ["Invalid invoice in evt_1: total Expected number", null],
    ["discus_thing could not be found", null],
    // A customer named in a reason that is not about its tenant: the customer is not the cause.
    ["Webhook for cus_1234abcd arrived late", null],
    // One Stripe outage is one cause across every customer.
    ["Stripe answered 500 for cus_1000xx", "http_500"],
    ["Stripe answered 429 Too Many Requests", "http_429"],
  ])("the subject of %j is %j", (reason, subject) => {
    expect(subjectOf(reason)).toBe(subject);
  });

  it.each([
    [unmapped, "unmapped_customer"],
    ["Stripe customer cus_x1 could not be found.", "unmapped_customer"],
    ["Invalid invoice in evt_1: total Expected number, received string", "invalid_payload"],
    ["Stripe answered 503 Service Unavailable", "stripe_unavailable"],
    ["Something else broke", "other"],
  ] as const)("%j is a %s cause", (reason, kind) => {
    expect(causeKindOf(reason)).toBe(kind);
  });
});

describe("issue titles", () => {
  it("names an unmapped customer in one sentence", () => {
    expect(issueTitle(unmapped, "cus_demo_unmapped")).toBe("Stripe customer cus_demo_unmapped is not mapped to a tenant.");
  });

  it("keeps the first sentence of a reason whole", () => {
    expect(issueTitle("Card declined for the invoice. Retry later, then replay.", null)).toBe("Card declined for the invoice.");
    expect(issueTitle("Card declined", null)).toBe("Card declined.");
  });

  it("shortens a very long sentence at a word boundary, never mid-word", () => {
    const long = `The invoice ${"could not be applied because ".repeat(10)}then replayed`;
    const title = issueTitle(long, null);
    expect(title.endsWith("…")).toBe(true);
    const words = title.slice(0, -1).split(" ");
    for (const word of words) expect(long.split(" ")).toContain(word);
  });
});
