// Starts the standalone build on a fresh embedded database in demo mode (the `npm start` path),
// for browser tests: migrated, seeded, with its own Stripe simulator port.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { closeDb, db, installConnection } from "@/lib/db/client";
import { openConnection } from "@/lib/db/connection";
import { migrate } from "@/lib/db/migrate";
import { seedDemoData } from "@/lib/demo/seed-demo-data";
import { ensureBuild, standaloneServer } from "@/scripts/lib/standalone-build";
import { freePort } from "../../scripts/lib/free-port";

export interface AppServer {
  origin: string;
  simulatorOrigin: string;
  dataDir: string;
  stop(): Promise<void>;
}


export async function startAppServer(extraEnv: Record<string, string> = {}): Promise<AppServer> {
  ensureBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerline-e2e-"));
  // E2E_PORTS="3113,3114" pins the app's and the simulator's ports (machines shared by several runs).
  const pinned = process.env.E2E_PORTS?.split(",").map(Number);
  const [port, simulatorPort] = pinned?.length === 2 ? pinned : [await freePort(), await freePort()];
  const simulatorOrigin = `http://127.0.0.1:${simulatorPort}`;

  const connection = openConnection({ pgliteDir: path.join(dataDir, "pglite") });
  await migrate(connection);
  installConnection(connection);
  await seedDemoData(db(), { hostedBaseUrl: simulatorOrigin });
  await closeDb();

  const origin = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, [standaloneServer], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      APP_URL: origin,
      NEXTAUTH_URL: origin,
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      STRIPE_SIMULATOR_PORT: String(simulatorPort),
      LOG_LEVEL: "warn",
      ...extraEnv,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  for (let i = 0; ; i++) {
    const ok = await fetch(`${origin}/signin`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 150 || child.exitCode !== null) throw new Error("the app server did not start");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    origin,
    simulatorOrigin,
    dataDir,
    async stop() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        // A graceful stop that has not ended in 15 s (a starved host, a connection kept open) is
        // forced, as an orchestrator would: the next file must not wait on this one.
        const force = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(force);
          resolve();
        });
        child.kill("SIGTERM");
      });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
