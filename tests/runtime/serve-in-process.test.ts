// The serve endpoint puts its POST handler on this process's local driver link, so the driver
// hands it calls without loopback HTTP. That handler is the real endpoint: it refuses a call
// whose signature is missing or made with another key, as it does over HTTP.
import { describe, expect, it } from "vitest";
import type { InProcessServeRequest } from "@ledgerline/inngest-local-driver";
import { serveInngest } from "@/inngest/serve";
import { localDriverLink } from "@/lib/runtime/local-driver-link";
import { generateSigningKey, signRequest } from "../../packages/inngest-local-driver/src/signing";

function call(headers: Record<string, string>, body: string): InProcessServeRequest {
  return {
    url: "http://127.0.0.1:3000/api/inngest?fnId=ledgerline-refresh-reports&stepId=step",
    method: "POST",
    headers: new Headers({ "content-type": "application/json", ...headers }),
    text: async () => body,
  };
}

describe("the serve endpoint's in-process handler", () => {
  it("is put on the link when the endpoint is built", () => {
    const link = localDriverLink();
    link.serveInProcess = undefined;
    serveInngest();
    expect(link.serveInProcess).toBeTypeOf("function");
  });

  it("refuses a call without a signature, or signed with another key", async () => {
    const link = localDriverLink();
    link.signingKey = generateSigningKey();
    serveInngest();
    const serve = link.serveInProcess!;
    const body = JSON.stringify({ event: { name: "billing/reports.refresh", data: {} }, events: [], steps: {}, ctx: { run_id: "run-1", attempt: 0, stack: { stack: [], current: 0 } } });

    const unsigned = await serve(call({}, body));
    expect(unsigned.status).toBe(401);

    const foreign = await serve(call({ "x-inngest-signature": signRequest(body, generateSigningKey()) }, body));
    expect(foreign.status).toBe(401);
    expect(await foreign.json()).toEqual({ message: "Unauthorized" });
  });
});
