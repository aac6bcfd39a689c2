// The weekly report's SMTP transport against a tiny local SMTP server: it delivers the message,
// never sends credentials over an unencrypted connection (STARTTLS is required before AUTH on an
// smtp:// URL with a user name) and speaks TLS from the first byte on smtps://.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { smtpMailTransport } from "@/lib/alerts/mail-transport";

interface SmtpServer {
  port: number;
  /** Every command line the client sent, in order (message data excluded). */
  commands: string[];
  /** The DATA sections received. */
  messages: string[];
  /** The first bytes the first connection sent, before anything was parsed. */
  firstBytes: Promise<Buffer>;
  close(): Promise<void>;
}

const servers: SmtpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Speaks just enough SMTP: EHLO (optionally offering STARTTLS, which it then declines), AUTH, one message. */
async function startSmtpServer(options: { offerStartTls: boolean }): Promise<SmtpServer> {
  const commands: string[] = [];
  const messages: string[] = [];
  let receivedFirst: (bytes: Buffer) => void = () => undefined;
  const firstBytes = new Promise<Buffer>((resolve) => (receivedFirst = resolve));
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let buffer = "";
    let inData = false;
    let first = true;
    socket.write("220 smtp.test ESMTP\r\n");
    socket.on("data", (chunk: Buffer) => {
      if (first) receivedFirst(chunk.subarray(0, 8));
      first = false;
      buffer += chunk.toString("latin1");
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          messages.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          inData = false;
          socket.write("250 queued\r\n");
          continue;
        }
        const newline = buffer.indexOf("\r\n");
        if (newline < 0) return;
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 2);
        commands.push(line);
        const verb = line.split(" ")[0]!.toUpperCase();
        if (verb === "EHLO") socket.write(`250-smtp.test\r\n${options.offerStartTls ? "250-STARTTLS\r\n" : ""}250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n`);
        else if (verb === "HELO") socket.write("250 smtp.test\r\n");
        else if (verb === "STARTTLS") socket.write("454 TLS not available right now\r\n");
        else if (verb === "AUTH") socket.write("235 accepted\r\n");
        else if (verb === "MAIL" || verb === "RCPT" || verb === "RSET" || verb === "NOOP") socket.write("250 ok\r\n");
        else if (verb === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("502 not implemented\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const result: SmtpServer = {
    port: (server.address() as net.AddressInfo).port,
    commands,
    messages,
    firstBytes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  servers.push(result);
  return result;
}

const message = { to: ["ops@example.test", "lead@example.test"], subject: "Dead letters this week", text: "3 open.\n.hidden line stays\nbye" };

describe("SMTP mail transport", () => {
  it("delivers a message without authentication on smtp://", async () => {
    const server = await startSmtpServer({ offerStartTls: false });
    await smtpMailTransport(`smtp://127.0.0.1:${server.port}`, "ledgerline@example.test").send(message);
    expect(server.commands.some((c) => c.toUpperCase().startsWith("AUTH"))).toBe(false);
    expect(server.commands).toEqual(expect.arrayContaining(["MAIL FROM:<ledgerline@example.test>", "RCPT TO:<ops@example.test>", "RCPT TO:<lead@example.test>"]));
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]).toMatch(/^Subject: Dead letters this week$/m);
    // Dot-stuffed on the wire, so the line survives.
    expect(server.messages[0]).toContain("\r\n..hidden line stays\r\n");
  });

  it.each([
    ["a server that offers no STARTTLS", false],
    ["a server whose STARTTLS fails", true],
  ])("never sends credentials in clear text to %s", async (_name, offerStartTls) => {
    const server = await startSmtpServer({ offerStartTls });
    const sending = smtpMailTransport(`smtp://report%40example.test:s3cret@127.0.0.1:${server.port}`, "ledgerline@example.test").send(message);
    await expect(sending).rejects.toThrow();
    expect(server.commands.some((c) => c.toUpperCase().startsWith("AUTH"))).toBe(false);
    expect(server.commands.join("\n")).not.toContain(Buffer.from("\0report@example.test\0s3cret").toString("base64"));
    expect(server.messages).toEqual([]);
    if (offerStartTls) expect(server.commands).toContain("STARTTLS");
  });

  it("starts TLS with the first byte on smtps://", async () => {
    const server = await startSmtpServer({ offerStartTls: false });
    await expect(smtpMailTransport(`smtps://user:pass@127.0.0.1:${server.port}`, "ledgerline@example.test", 2_000).send(message)).rejects.toThrow();
    // 0x16: a TLS handshake record, not an SMTP command.
    expect((await server.firstBytes)[0]).toBe(0x16);
    expect(server.commands.every((c) => !c.toUpperCase().startsWith("AUTH"))).toBe(true);
  });
});
