// Silent failure: a client that writes its own X-Forwarded-For used to choose the address every
// per-IP limit counted it under. With no trusted proxy (the default), the address is the socket's.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIp } from "@/lib/rate-limit/limits";
import { startRouteHost, type RouteHost } from "../support/route-host";

// The server entry's preload, as `npm start` and the container load it.
await import(pathToFileURL(path.resolve("docker/append-socket-address.mjs")).href);

let host: RouteHost;
beforeAll(async () => {
  host = await startRouteHost({ "/ip": { GET: (request) => Response.json({ ip: clientIp(request, 0), behindOneProxy: clientIp(request, 1) }) } });
});
afterAll(() => host.close());

async function addressSeen(headers: Record<string, string>): Promise<{ ip: string; behindOneProxy: string }> {
  return (await (await fetch(host.url("/ip"), { headers })).json()) as { ip: string; behindOneProxy: string };
}

describe("the client address over a real connection", () => {
  it.each([
    ["no header", {}],
    ["a forged single address", { "x-forwarded-for": "203.0.113.50" }],
    ["a forged chain", { "x-forwarded-for": "203.0.113.50, 198.51.100.7" }],
    ["a forged X-Real-IP", { "x-real-ip": "203.0.113.50" }],
  ])("is the socket's address with %s", async (_name, headers) => {
    expect((await addressSeen(headers)).ip).toBe("127.0.0.1");
  });

  it("is the entry the trusted proxy appended, one hop in", async () => {
    expect((await addressSeen({ "x-forwarded-for": "203.0.113.50, 198.51.100.7" })).behindOneProxy).toBe("198.51.100.7");
  });
});

describe("clientIp", () => {
  const request = (forwardedFor?: string) => new Request("http://localhost/", { headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} });
  it.each([
    ["no header", undefined, 0, "unknown"],
    ["the socket's address Next filled in", "10.0.0.5", 0, "10.0.0.5"],
    ["the rightmost entry with no trusted proxy", "203.0.113.50, 10.0.0.5", 0, "10.0.0.5"],
    ["one hop in behind one proxy", "203.0.113.50, 198.51.100.7, 10.0.0.5", 1, "198.51.100.7"],
    ["two hops in behind two proxies", "203.0.113.50, 198.51.100.7, 10.0.0.9, 10.0.0.5", 2, "198.51.100.7"],
    ["the leftmost entry when there are fewer than the hops", "198.51.100.7", 2, "198.51.100.7"],
  ])("takes %s", (_name, forwardedFor, hops, expected) => {
    expect(clientIp(request(forwardedFor), hops)).toBe(expected);
  });
});
