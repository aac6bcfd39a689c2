// Serves Next route-handler modules over real HTTP without `next start`: each request becomes a
// NextRequest handed to the module's exported method handler, and its Response is written back.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { NextRequest } from "next/server";

type RouteHandler = (request: NextRequest, context: { params: Promise<Record<string, string>> }) => Response | Promise<Response>;
export type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS", RouteHandler>>;

export interface RouteHost {
  /** Origin the host listens on, e.g. http://127.0.0.1:54321. */
  origin: string;
  url(path: string): string;
  close(): Promise<void>;
}

async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function toNextRequest(request: http.IncomingMessage, origin: string, body: Buffer): NextRequest {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = request.method ?? "GET";
  return new NextRequest(new URL(request.url ?? "/", origin), {
    method,
    headers,
    body: method === "GET" || method === "HEAD" || body.length === 0 ? undefined : new Uint8Array(body),
  });
}

async function writeResponse(response: Response, reply: http.ServerResponse): Promise<void> {
  const headers: Record<string, string[]> = {};
  response.headers.forEach((value, name) => {
    (headers[name] ??= []).push(value);
  });
  reply.writeHead(response.status, headers);
  reply.end(Buffer.from(await response.arrayBuffer()));
}

/** Listens on 127.0.0.1 (a random port unless one is given) and dispatches by exact path. */
export async function startRouteHost(routes: Record<string, RouteModule>, options: { port?: number } = {}): Promise<RouteHost> {
  let origin = "";
  const server = http.createServer(async (request, reply) => {
    try {
      const path = new URL(request.url ?? "/", "http://host").pathname;
      const route = routes[path];
      if (!route) return void (await writeResponse(new Response("Not found", { status: 404 }), reply));
      const handler = route[(request.method ?? "GET") as keyof RouteModule];
      if (!handler) return void (await writeResponse(new Response("Method not allowed", { status: 405 }), reply));
      const webRequest = toNextRequest(request, origin, await readBody(request));
      await writeResponse(await handler(webRequest, { params: Promise.resolve({}) }), reply);
    } catch (error) {
      if (!reply.headersSent) reply.writeHead(500, { "content-type": "text/plain" });
      reply.end(`Route host error: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => new URL(path, origin).toString(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
