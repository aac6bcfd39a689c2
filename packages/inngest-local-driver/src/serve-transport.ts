// How the driver talks HTTP to the serve endpoint: node:http over kept-alive sockets, not fetch.
// Every run costs at least one call, and fetch's WHATWG layers (Request and Headers objects, body
// streams, a clone of the body) cost more CPU per call than the protocol needs: the bodies are
// strings the driver built or will parse whole.
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import type { InProcessServeRequest } from "./link";

export interface ServeAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

// One kept-alive pool per protocol: a drain's calls reuse a few sockets instead of opening one each.
const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };

/** One header's value as a string (the last, if the server repeated it); null when absent. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return null;
  return Array.isArray(value) ? (value.at(-1) ?? null) : value;
}

/**
 * Sends `body` and reads the whole answer as text. Rejects when the request cannot be made or is
 * cut off, and with the signal's reason when it is aborted. A kept-alive socket the server closed
 * while it sat idle fails at once with no answer: that request is sent again on a new socket.
 */
export async function sendToServe(url: URL, method: "POST" | "PUT", headers: Record<string, string>, body: string, signal: AbortSignal): Promise<ServeAnswer> {
  try {
    return await sendOnce(url, method, headers, body, signal);
  } catch (error) {
    if (!(error instanceof StaleSocketError)) throw error;
    return sendOnce(url, method, headers, body, signal);
  }
}

class StaleSocketError extends Error {}

/**
 * Hands a call to the serve endpoint's handler in this process (`link.serveInProcess`) and reads
 * its answer as `sendToServe` does. The handler cannot be cancelled: an abort stops the wait, as
 * a destroyed socket would, and the handler's late answer is dropped.
 */
export async function sendInProcess(
  serve: (request: InProcessServeRequest) => Promise<Response>,
  url: URL,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<ServeAnswer> {
  if (signal.aborted) throw signal.reason;
  const answered = (async () => {
    const response = await serve({ url: url.href, method: "POST", headers: new Headers(headers), text: async () => body });
    const answerHeaders: IncomingHttpHeaders = {};
    response.headers.forEach((value, name) => (answerHeaders[name] = value));
    return { status: response.status, headers: answerHeaders, text: await response.text() };
  })();
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([answered, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
    // An answer after the abort, or a handler that threw after it, is nobody's to see.
    answered.catch(() => undefined);
  }
}

function sendOnce(url: URL, method: "POST" | "PUT", headers: Record<string, string>, body: string, signal: AbortSignal): Promise<ServeAnswer> {
  const protocol = url.protocol === "https:" ? "https:" : url.protocol === "http:" ? "http:" : undefined;
  if (!protocol) return Promise.reject(new Error(`Unsupported serve URL protocol ${url.protocol}`));
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<ServeAnswer>((resolve, reject) => {
    let answered = false;
    const request = (protocol === "https:" ? https : http).request(
      url,
      { method, agent: agents[protocol], headers: { ...headers, "content-length": Buffer.byteLength(body) } },
      (response) => {
        answered = true;
        response.setEncoding("utf8");
        let text = "";
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text }));
        // A server that closes mid-answer: the answer errors ("aborted"), and "end" never comes.
        response.on("error", reject);
      },
    );
    const onAbort = () => request.destroy(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    signal.addEventListener("abort", onAbort, { once: true });
    request.on("error", (error: NodeJS.ErrnoException) => {
      if (signal.aborted) reject(signal.reason);
      else if (request.reusedSocket && !answered && (error.code === "ECONNRESET" || error.code === "EPIPE")) reject(new StaleSocketError(error.message));
      else reject(error);
    });
    request.on("close", () => signal.removeEventListener("abort", onAbort));
    request.end(body);
  });
}
