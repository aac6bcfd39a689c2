import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/lib/logging/logger";
import { securityHeaders } from "@/lib/http/security-headers";
import { assertSameOrigin } from "@/lib/http/same-origin";

describe("security headers", () => {
  const byName = (production: boolean) => Object.fromEntries(securityHeaders(production).map((h) => [h.key, h.value]));

  it("forbids framing, sniffing and foreign scripts", () => {
    const headers = byName(true);
    expect(headers["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(headers["Content-Security-Policy"]).toContain("default-src 'self'");
    expect(headers["Content-Security-Policy"]).not.toContain("unsafe-eval");
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("sends HSTS in production only", () => {
    expect(byName(true)["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(byName(false)["Strict-Transport-Security"]).toBeUndefined();
  });
});

describe("CSRF: same-origin check for cookie-authenticated route handlers", () => {
  const request = (headers: Record<string, string>) => new Request("http://localhost:3000/api/x", { method: "POST", headers });
  it.each([
    [{ origin: "http://localhost:3000" }, true],
    [{ referer: "http://localhost:3000/support/dead-letters" }, true],
    [{ origin: "https://evil.example" }, false],
    [{}, false],
  ])("%o → allowed: %s", (headers, allowed) => {
    if (allowed) expect(() => assertSameOrigin(request(headers))).not.toThrow();
    else expect(() => assertSameOrigin(request(headers))).toThrow(/did not come from/);
  });
});

describe("logs never carry secrets", () => {
  it("redacts passwords, tokens, keys, cookies and signatures wherever they appear", () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    process.env.LOG_LEVEL = "info";
    const log = createLogger(sink);
    log.info(
      {
        password: "hunter2-password",
        user: { passwordHash: "$2b$10$abcdefghijk", token: "tok_live_123" },
        apiKey: "llk_live_secret_key",
        headers: { authorization: "Bearer sk_live_supersecret", cookie: "next-auth.session-token=abc", "stripe-signature": "t=1,v1=deadbeef" },
        request: { secret: "whsec_topsecret" },
      },
      "request handled",
    );
    process.env.LOG_LEVEL = "silent";
    const output = lines.join("");
    for (const secret of ["hunter2-password", "$2b$10$abcdefghijk", "tok_live_123", "llk_live_secret_key", "sk_live_supersecret", "next-auth.session-token=abc", "deadbeef", "whsec_topsecret"]) {
      expect(output).not.toContain(secret);
    }
    expect(output).toContain("[redacted]");
    expect(output).toContain("request handled");
  });
});
