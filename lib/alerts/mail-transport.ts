// Pluggable email: the local inbox by default (demo mode), or SMTP when SMTP_URL is set. The SMTP
// client is deliberately small (EHLO, AUTH PLAIN, one message), enough for a weekly report.
import net from "node:net";
import tls from "node:tls";
import { writeInboxMessage } from "./local-inbox";

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
}

export interface MailTransport {
  readonly name: string;
  send(message: MailMessage): Promise<void>;
}

export const inboxMailTransport: MailTransport = {
  name: "inbox",
  send: (message) => writeInboxMessage({ channel: "email", recipients: message.to.join(", "), subject: message.subject, text: message.text }),
};

function dotStuff(text: string): string {
  return text.replace(/\r?\n/g, "\r\n").replace(/^\./gm, "..");
}

export function smtpMailTransport(smtpUrl: string, from = "ledgerline@localhost", timeoutMs = 15_000): MailTransport {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const port = Number(url.port || (secure ? 465 : 25));
  return {
    name: "smtp",
    async send(message) {
      const socket = secure ? tls.connect({ host: url.hostname, port, servername: url.hostname }) : net.connect({ host: url.hostname, port });
      socket.setTimeout(timeoutMs, () => socket.destroy(new Error("SMTP timed out")));
      let buffer = "";
      const waiters: ((line: string) => void)[] = [];
      socket.on("data", (chunk) => {
        buffer += chunk.toString("utf8");
        // A reply is complete at a line "NNN " (a space after the code, not a dash).
        const match = buffer.match(/(^|\r\n)(\d{3}) [^\r\n]*\r\n$/);
        if (match) {
          const reply = buffer;
          buffer = "";
          waiters.shift()?.(reply);
        }
      });
      const closed = new Promise<never>((_, reject) => socket.once("error", reject));
      const reply = (expect: string) =>
        Promise.race([
          new Promise<string>((resolve) => waiters.push(resolve)),
          closed,
        ]).then((text) => {
          if (!text.trimEnd().split("\r\n").pop()!.startsWith(expect)) throw new Error(`SMTP: expected ${expect}, got ${text.trim().slice(0, 200)}`);
          return text;
        });
      const command = (line: string, expect: string) => {
        const answer = reply(expect);
        socket.write(`${line}\r\n`);
        return answer;
      };
      try {
        await reply("220");
        await command(`EHLO ledgerline`, "250");
        if (url.username) {
          const token = Buffer.from(`\0${decodeURIComponent(url.username)}\0${decodeURIComponent(url.password)}`).toString("base64");
          await command(`AUTH PLAIN ${token}`, "235");
        }
        await command(`MAIL FROM:<${from}>`, "250");
        for (const to of message.to) await command(`RCPT TO:<${to}>`, "250");
        await command("DATA", "354");
        const headers = [`From: ${from}`, `To: ${message.to.join(", ")}`, `Subject: ${message.subject}`, "Content-Type: text/plain; charset=utf-8", ""].join("\r\n");
        await command(`${headers}\r\n${dotStuff(message.text)}\r\n.`, "250");
        await command("QUIT", "221");
      } finally {
        socket.destroy();
      }
    },
  };
}

export function mailTransportFor(smtpUrl: string | undefined): MailTransport {
  return smtpUrl ? smtpMailTransport(smtpUrl) : inboxMailTransport;
}
