// Stripe-Signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<payload>" keyed by whsec_…>`.
import { createHmac } from "node:crypto";

export function computeSignature(payload: string, secret: string, timestamp: number): string {
  return createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
}

export function signatureHeader(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${computeSignature(payload, secret, timestamp)}`;
}
