// Structured JSON logs (pino). Secrets are redacted by path before anything is written.
import pino, { type Logger } from "pino";

/** Fields that may hold secrets, wherever they appear (two levels deep). */
export const redactedPaths = [
  "password",
  "passwordHash",
  "secret",
  "token",
  "apiKey",
  "authorization",
  "cookie",
  "stripeSignature",
  "*.password",
  "*.passwordHash",
  "*.secret",
  "*.token",
  "*.apiKey",
  "*.authorization",
  "*.cookie",
  "*.stripeSignature",
  "headers.authorization",
  "headers.cookie",
  'headers["stripe-signature"]',
  'headers["x-inngest-signature"]',
];

export function createLogger(destination?: pino.DestinationStream): Logger {
  const level = process.env.LOG_LEVEL ?? "info";
  return pino({ level, base: { service: "ledgerline" }, redact: { paths: redactedPaths, censor: "[redacted]" } }, destination);
}

const key = Symbol.for("ledgerline.logger");
type GlobalWithLogger = typeof globalThis & { [key]?: Logger };

/** The process's logger. */
export function logger(): Logger {
  const g = globalThis as GlobalWithLogger;
  g[key] ??= createLogger();
  return g[key];
}
