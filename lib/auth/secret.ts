// The key that signs session tokens. Production sets AUTH_SECRET; the embedded demo generates
// one on first start and keeps it with the data, so sessions survive a restart.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { getEnv } from "@/lib/config/env";

let cached: string | undefined;

export function getAuthSecret(): string {
  if (cached) return cached;
  const env = getEnv();
  if (env.AUTH_SECRET) return (cached = env.AUTH_SECRET);
  if (env.NODE_ENV === "production" && !env.demoMode) {
    throw new Error("AUTH_SECRET is required in production (at least 32 random characters).");
  }
  const file = path.resolve(env.DATA_DIR, "auth-secret");
  try {
    cached = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    cached = randomBytes(32).toString("hex");
    // "wx": if another process created it first, keep theirs.
    try {
      fs.writeFileSync(file, cached, { flag: "wx", mode: 0o600 });
    } catch {
      cached = fs.readFileSync(file, "utf8").trim();
    }
  }
  return cached;
}
