// The serve endpoint accepts only calls signed with the driver's key, and syncs are authenticated;
// and the canonical JSON those signatures cover.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve } from "inngest/next";
import { startRouteHost } from "../../../tests/support/route-host";
import { startLocalDriver } from "../src/driver";
import { callBody } from "../src/executor";
import { canonicalJson, hashedSigningKey, signRequest } from "../src/signing";
import { APP_ID, callDriver, createTestClient, FAST_DRIVER, LOCAL_DRIVER_ORIGIN, startHarness, type Harness } from "./harness";

let h: Harness;
let signingKey: string;

beforeAll(async () => {
  h = await startHarness((inngest) => [
    inngest.createFunction({ id: "hello", triggers: [{ event: "test/hello" }] }, async () => "hello"),
  ]);
  const rows = await h.database.connection.query<{ value: string }>(`SELECT "value" FROM "app_settings" WHERE "key" = 'inngest_driver.signing_key'`);
  signingKey = rows[0].value;
});

afterAll(async () => {
  await h?.close();
});

function callUrl(): string {
  const url = new URL(h.serveUrl);
  url.searchParams.set("fnId", `${APP_ID}-hello`);
  url.searchParams.set("stepId", "step");
  return url.toString();
}

const event = { id: "evt_sig", name: "test/hello", data: {}, ts: Date.now() };
const body = canonicalJson(callBody({ runId: "run_sig", event, steps: [], attempt: 0, maxAttempts: 1, disableImmediateExecution: false }));

async function post(signature: string | undefined): Promise<Response> {
  return fetch(callUrl(), {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature ? { "x-inngest-signature": signature } : {}) },
    body,
  });
}

describe("signing key", () => {
  it("is generated once, kept in app_settings and reused by the next driver", async () => {
    expect(signingKey).toMatch(/^signkey-local-[0-9a-f]{64}$/);
    const second = await startLocalDriver({ serveUrl: h.serveUrl, sql: h.database.connection, link: h.link, ...FAST_DRIVER });
    await second.ready(5_000);
    await second.stop();
    const rows = await h.database.connection.query<{ value: string }>(`SELECT "value" FROM "app_settings" WHERE "key" = 'inngest_driver.signing_key'`);
    expect(rows.map((row) => row.value)).toEqual([signingKey]);
  });
});

describe("serve endpoint", () => {
  it("runs a call signed with the driver's key", async () => {
    const response = await post(signRequest(body, signingKey));
    expect(response.status).toBe(200);
    expect(await response.json()).toBe("hello");
    expect(response.headers.get("x-inngest-signature")).toMatch(/^t=\d+&s=[0-9a-f]{64}$/);
  });

  const otherBody = canonicalJson({ ...JSON.parse(body), steps: { forged: { data: 1 } } });
  it.each<[string, () => string | undefined]>([
    ["unsigned", () => undefined],
    ["signed with another key", () => signRequest(body, `signkey-local-${"ab".repeat(32)}`)],
    ["signed over another body", () => signRequest(otherBody, signingKey)],
    ["signed more than five minutes ago", () => signRequest(body, signingKey, new Date(Date.now() - 6 * 60_000))],
    ["with a malformed signature", () => "t=abc"],
  ])("refuses a call %s with 401", async (_label, signature) => {
    const response = await post(signature());
    expect(response.status).toBe(401);
    expect(response.headers.get("x-inngest-signature")).toBeNull();
  });

  it("refuses an unsigned sync request", async () => {
    const response = await fetch(h.serveUrl, {
      method: "PUT",
      headers: { "content-type": "application/json", "x-inngest-sync-kind": "in_band" },
      body: JSON.stringify({ url: h.serveUrl }),
    });
    expect(response.status).toBe(401);
  });
});

describe("sync", () => {
  it("registers through the dev-server flow too: PUT, then the SDK posts to /fn/register", async () => {
    await h.database.connection.query(`DELETE FROM "inngest_functions"`);
    const response = await fetch(h.serveUrl, { method: "PUT" });
    expect(response.status).toBe(200);
    const rows = await h.database.connection.query<{ id: string; url: string }>(`SELECT "id", "url" FROM "inngest_functions"`);
    expect(rows).toEqual([{ id: `${APP_ID}-hello`, url: callUrl() }]);
  });

  it("refuses /fn/register without the signing key's bearer token", async () => {
    const register = (authorization: string) =>
      callDriver(
        h.link,
        new Request(`${LOCAL_DRIVER_ORIGIN}/fn/register`, {
          method: "POST",
          headers: { authorization, "content-type": "application/json" },
          body: JSON.stringify({ appName: "other-app", functions: [] }),
        }),
      );
    expect((await register("Bearer signkey-local-0000")).status).toBe(401);
    expect((await register(`Bearer ${hashedSigningKey(signingKey)}`)).status).toBe(200);
  });

  it("refuses functions it cannot honour, naming the problem", async () => {
    const inngest = createTestClient(h.link);
    const host = await startRouteHost({
      "/api/inngest": serve({
        client: inngest,
        functions: [
          inngest.createFunction({ id: "macro", triggers: [{ event: "test/x", if: "event.data.tags.exists(t, t == 'a')" }] }, async () => null),
          inngest.createFunction({ id: "rate-limited", rateLimit: { limit: 1, period: "1m" }, triggers: [{ event: "test/y" }] }, async () => null),
        ],
      }),
    });
    const driver = await startLocalDriver({ serveUrl: host.url("/api/inngest"), sql: h.database.connection, link: h.link, ...FAST_DRIVER });
    try {
      await expect(driver.sync()).rejects.toThrow(/function "driver-test-macro": Unsupported expression[\s\S]*function "driver-test-rate-limited": option "rateLimit" is not supported/);
      await expect(driver.ready(200)).rejects.toThrow(/did not sync/);
    } finally {
      await driver.stop();
      await host.close();
    }
  });

  it("refuses function URLs off its own serve origin, keeping the previous registration", async () => {
    const before = await h.database.connection.query(`SELECT "id", "url" FROM "inngest_functions" ORDER BY "id"`);
    const inngest = createTestClient(h.link);
    const host = await startRouteHost({
      "/api/inngest": serve({
        client: inngest,
        serveOrigin: "http://127.0.0.1:9999",
        functions: [inngest.createFunction({ id: "hello", triggers: [{ event: "test/hello" }] }, async () => "elsewhere")],
      }),
    });
    const driver = await startLocalDriver({ serveUrl: host.url("/api/inngest"), sql: h.database.connection, link: h.link, ...FAST_DRIVER });
    try {
      await expect(driver.sync()).rejects.toThrow(
        new RegExp(`function "driver-test-hello": URL http://127\\.0\\.0\\.1:9999/api/inngest\\?fnId=driver-test-hello\\S* is not on the serve origin ${host.origin.replace(/\./g, "\\.")}`),
      );
      expect(await h.database.connection.query(`SELECT "id", "url" FROM "inngest_functions" ORDER BY "id"`)).toEqual(before);
    } finally {
      await driver.stop();
      await host.close();
    }
  });
});

describe("canonicalJson", () => {
  it.each<[unknown, string]>([
    [{ b: 1, a: [3, { d: null, c: "x" }] }, `{"a":[3,{"c":"x","d":null}],"b":1}`],
    [{ skip: undefined, keep: 1 }, `{"keep":1}`],
    [[undefined, 1e21, "é"], `[null,1e+21,"é"]`],
    // Keys in UTF-16 code unit order (RFC 8785), not by locale or code point: "😀" is U+D83D U+DE00.
    [{ z: 1, é: 2, A: 3, "\uffff": 4, "😀": 5 }, `{"A":3,"z":1,"é":2,"😀":5,"\uffff":4}`],
  ])("%j → %s", (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });
});
