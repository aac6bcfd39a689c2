// Pluggable email: the local inbox by default (demo mode), or SMTP when SMTP_URL is set, sent
// with nodemailer.
import nodemailer from "nodemailer";
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

/**
 * SMTP_URL: `smtps://` speaks TLS from the first byte (port 465 by default); `smtp://` starts
 * plain (port 25 by default) and upgrades with STARTTLS when offered. With a user name in an
 * smtp:// URL, STARTTLS is required: the credentials never travel unencrypted.
 */
export function smtpMailTransport(smtpUrl: string, from = "ledgerline@localhost", timeoutMs = 15_000): MailTransport {
  const url = new URL(smtpUrl);
  const secure = url.protocol === "smtps:";
  const auth = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined;
  const transporter = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (secure ? 465 : 25)),
    secure,
    requireTLS: !secure && auth !== undefined,
    auth,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    name: "smtp",
    async send(message) {
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}

export function mailTransportFor(smtpUrl: string | undefined): MailTransport {
  return smtpUrl ? smtpMailTransport(smtpUrl) : inboxMailTransport;
}
