// The driver's side of the Inngest API calls an SDK makes: event ingestion (POST /e/<event key>,
// answered `{ ids, status }`), out-of-band sync (POST /fn/register) and step checkpoints
// (POST /v1/checkpoint/<run id>/async, checkpoints.ts). All only touch the database, so they
// work in any process, driver or not.
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { batchWrites } from "./batch-writes";
import { CHECKPOINT_PATH, createCheckpointWriter } from "./checkpoints";
import type { LocalDriverCall, LocalDriverLink } from "./link";
import { assertOnServeOrigin, compileFunctions, RegistrationError, saveRegistration } from "./registration";
import { hashedSigningKey, resolveSigningKey } from "./signing";
import type { SqlSession } from "./sql";
import { insertEvents, type JsonObject, type StoredEvent } from "./store";

export interface EventApiOptions {
  sql: SqlSession;
  /** Read for the running driver's signing key and wake-up; never written here. */
  link: LocalDriverLink;
  /** The configured signing key (read per sync); else the one the driver generated and stored. */
  signingKey?: () => string | undefined;
  /** The serve origin function URLs must be on (read per sync: it is known once the driver starts). */
  serveOrigin: () => string;
}

const incomingEventSchema = z
  .object({
    id: z.string().min(1).optional(),
    name: z.string().min(1),
    data: z.record(z.string(), z.unknown()).nullish(),
    user: z.record(z.string(), z.unknown()).nullish(),
    ts: z.number().int().positive().optional(),
    v: z.string().optional(),
  })
  .passthrough();

const registerBodySchema = z.object({ appName: z.string().min(1), functions: z.array(z.unknown()) }).passthrough();

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** A stable id derived from the SDK's per-send seed, so a retried send stores each event once. */
function seededEventId(seed: string, index: number): string {
  const hex = createHash("sha256").update(`${seed}:${index}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Turns a send payload into stored events: the event as functions will receive it. */
export function toStoredEvents(raw: unknown, seed: string | null, now = Date.now()): StoredEvent[] {
  const events = z.array(incomingEventSchema).parse(Array.isArray(raw) ? raw : [raw]);
  return events.map((event, index) => {
    const id = seed ? seededEventId(seed, index) : randomUUID();
    const payload: JsonObject = { ...event, id: event.id ?? id, data: event.data ?? {}, ts: event.ts ?? now };
    if (event.user === null || event.user === undefined) delete payload.user;
    return { id, externalId: event.id, name: event.name, payload };
  });
}

/** Answers the calls an Inngest client makes to the driver's origin. */
export function createEventApi(options: EventApiOptions): (call: LocalDriverCall) => Promise<Response> {
  const { sql, link } = options;
  // Concurrent sends (one per accepted webhook) share one INSERT and one commit.
  const insertEventBatch = batchWrites<StoredEvent[], string[]>(async (sends) => {
    const ids = await insertEvents(sql, sends.flat());
    let offset = 0;
    return sends.map((events) => ids.slice(offset, (offset += events.length)));
  });

  async function ingestEvents(call: LocalDriverCall): Promise<Response> {
    let events: StoredEvent[];
    try {
      events = toStoredEvents(JSON.parse(call.body), call.headers.get("x-inngest-event-id-seed"));
    } catch (error) {
      return jsonResponse(400, { status: 400, error: `Cannot process event payload: ${(error as Error).message}` });
    }
    const ids = await insertEventBatch(events);
    link.wake?.(events.length);
    return jsonResponse(200, { ids, status: 200 });
  }

  const writeCheckpoint = createCheckpointWriter(sql);

  async function checkpoint(call: LocalDriverCall, runId: string): Promise<Response> {
    if (!(await isAuthorized(call))) return jsonResponse(401, { error: "Invalid signing key" });
    const answer = await writeCheckpoint(decodeURIComponent(runId), parseJsonOrNull(call.body));
    return jsonResponse(answer.status, answer.status === 200 ? {} : { error: answer.error });
  }

  /** The SDK signs its API calls with `Bearer <hashed signing key>`. */
  async function isAuthorized(call: LocalDriverCall): Promise<boolean> {
    const signingKey = link.signingKey ?? (await resolveSigningKey(sql, options.signingKey?.()));
    const expected = Buffer.from(`Bearer ${hashedSigningKey(signingKey)}`);
    const actual = Buffer.from(call.headers.get("authorization") ?? "");
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  async function registerApp(call: LocalDriverCall): Promise<Response> {
    if (!(await isAuthorized(call))) return jsonResponse(401, { error: "Invalid signing key" });
    const body = registerBodySchema.safeParse(parseJsonOrNull(call.body));
    if (!body.success) return jsonResponse(400, { error: `Invalid sync payload: ${body.error.message}` });
    try {
      const functions = compileFunctions(body.data.functions);
      assertOnServeOrigin(functions, options.serveOrigin());
      await saveRegistration(sql, body.data.appName, functions);
    } catch (error) {
      if (error instanceof RegistrationError) return jsonResponse(400, { error: error.message });
      throw error;
    }
    link.wake?.();
    return jsonResponse(200, { ok: true, modified: true });
  }

  return async (call) => {
    const { method, pathname } = call;
    if (method === "POST" && /^\/e\/[^/]+$/.test(pathname)) return ingestEvents(call);
    if (method === "POST" && pathname === "/fn/register") return registerApp(call);
    const checkpointRun = method === "POST" ? CHECKPOINT_PATH.exec(pathname)?.[1] : undefined;
    if (checkpointRun) return checkpoint(call, checkpointRun);
    return jsonResponse(404, { error: `The local Inngest driver does not serve ${method} ${pathname}` });
  };
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
