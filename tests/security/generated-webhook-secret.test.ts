// The simulator's webhook secret is generated once per install and kept with its data, like the
// demo's session secret: nothing that signs the demo's webhooks is published in the code.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { simulatorWebhookSecret } from "@/lib/stripe/simulator-webhook-secret";

const dirs: string[] = [];
const newDataDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerline-whsec-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe("the simulator's generated webhook secret", () => {
  it("is created on first use, readable only by its owner, and the same afterwards", () => {
    const dataDir = newDataDir();
    const secret = simulatorWebhookSecret(dataDir);
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const file = path.join(dataDir, "stripe-webhook-secret");
    expect(fs.readFileSync(file, "utf8").trim()).toBe(secret);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(simulatorWebhookSecret(dataDir)).toBe(secret);
  });

  it("differs between installs", () => {
    expect(simulatorWebhookSecret(newDataDir())).not.toBe(simulatorWebhookSecret(newDataDir()));
  });

  it("keeps a secret that is already stored", () => {
    const dataDir = newDataDir();
    fs.writeFileSync(path.join(dataDir, "stripe-webhook-secret"), "whsec_stored_by_an_earlier_start\n");
    expect(simulatorWebhookSecret(dataDir)).toBe("whsec_stored_by_an_earlier_start");
  });
});
