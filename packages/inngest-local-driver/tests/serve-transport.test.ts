// The driver's HTTP to the serve endpoint: kept-alive sockets, a socket the server dropped while
// idle, an answer cut off, and a call that times out.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { headerValue, sendToServe } from "../src/serve-transport";

const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(handler: http.RequestListener): Promise<{ url: URL; sockets: Set<Socket> }> {
  const server = http.createServer(handler);
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => sockets.add(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/inngest?fnId=f`), sockets };
}

const send = (url: URL, body = "{}", signal = AbortSignal.timeout(5_000)) => sendToServe(url, "POST", { "content-type": "application/json" }, body, signal);

describe("sendToServe", () => {
  it("sends the body and answers status, headers and text, reusing one kept-alive socket", async () => {
    const { url, sockets } = await listen((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        response.setHeader("x-inngest-sdk", "js:v4");
        response.writeHead(206, { "content-type": "application/json" });
        response.end(JSON.stringify({ method: request.method, url: request.url, body }));
      });
    });
    for (let i = 0; i < 3; i++) {
      const answer = await send(url, `{"n":${i},"text":"é"}`);
      expect(answer.status).toBe(206);
      expect(headerValue(answer.headers, "X-Inngest-Sdk")).toBe("js:v4");
      expect(headerValue(answer.headers, "retry-after")).toBeNull();
      expect(JSON.parse(answer.text)).toEqual({ method: "POST", url: "/api/inngest?fnId=f", body: `{"n":${i},"text":"é"}` });
    }
    expect(sockets.size).toBe(1);
  });

  it("sends a request again on a new socket when the server dropped the kept-alive one it reused", async () => {
    // The race a kept-alive pool cannot avoid: the server closes an idle socket just as the next
    // request goes out on it. The server here resets every socket's second request unanswered.
    const handled: number[] = [];
    const requestsOn = new WeakMap<Socket, number>();
    const { url, sockets } = await listen((request, response) => {
      const n = (requestsOn.get(request.socket) ?? 0) + 1;
      requestsOn.set(request.socket, n);
      if (n > 1) {
        request.socket.resetAndDestroy();
        return;
      }
      handled.push(n);
      request.resume();
      request.on("end", () => response.end("ok"));
    });
    expect((await send(url)).text).toBe("ok");
    expect((await send(url)).text).toBe("ok");
    expect(handled).toHaveLength(2);
    expect(sockets.size).toBe(2);
  });

  it("fails, without sending again, when a new socket's answer is cut off", async () => {
    let requests = 0;
    const { url } = await listen((request) => {
      requests++;
      request.socket.resetAndDestroy();
    });
    await expect(send(url)).rejects.toThrow();
    expect(requests).toBe(1);
  });

  it("fails, rather than answering part of a body, when the server closes mid-answer", async () => {
    const { url } = await listen((request, response) => {
      request.resume();
      response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      response.write('{"partial":');
      setTimeout(() => request.socket.destroy(), 20);
    });
    await expect(send(url)).rejects.toThrow();
  });

  it("rejects with the signal's reason when the call times out, and frees the socket", async () => {
    const { url, sockets } = await listen(() => undefined);
    const started = Date.now();
    await expect(send(url, "{}", AbortSignal.timeout(100))).rejects.toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(() => [...sockets].every((socket) => socket.destroyed || socket.readableEnded)).toBe(true);
  });

  it("refuses a URL that is not http or https", async () => {
    await expect(send(new URL("ftp://127.0.0.1/api/inngest"))).rejects.toThrow("Unsupported serve URL protocol ftp:");
  });

  it("reads a repeated header as its last value", () => {
    expect(headerValue({ "set-cookie": ["a=1", "b=2"] }, "Set-Cookie")).toBe("b=2");
  });
});
