// Which Inngest runs the functions, and the origin their URLs are registered under. The origin
// comes from configuration, never from a request: the SDK would otherwise build the function URLs
// from the Host header of whoever asked it to sync.
import type { Env } from "@/lib/config/env";
import { localLink } from "./local-link";

type InngestServerEnv = Pick<Env, "INNGEST_EVENT_KEY" | "INNGEST_BASE_URL" | "INNGEST_DEV">;

export function isLocalDriverEnabled(env: InngestServerEnv): boolean {
  return !env.INNGEST_EVENT_KEY && !env.INNGEST_BASE_URL && !env.INNGEST_DEV;
}

/**
 * INNGEST_SERVE_ORIGIN; else, with the local driver, the origin the driver in this process calls
 * (http://127.0.0.1:$PORT when started by the server); else APP_URL.
 */
export function inngestServeOrigin(env: InngestServerEnv & Pick<Env, "INNGEST_SERVE_ORIGIN" | "PORT" | "appUrl">): string {
  if (env.INNGEST_SERVE_ORIGIN) return new URL(env.INNGEST_SERVE_ORIGIN).origin;
  if (isLocalDriverEnabled(env)) return localLink().serveOrigin ?? `http://127.0.0.1:${env.PORT}`;
  return new URL(env.appUrl).origin;
}
