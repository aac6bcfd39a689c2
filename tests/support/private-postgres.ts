// A private PostgreSQL server for outage tests: initdb into a temporary directory, its own port,
// stopped and started at will. Never the machine's shared server.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../scripts/lib/free-port";

function binDir(): string {
  const root = "/usr/lib/postgresql";
  const version = fs.readdirSync(root).sort().at(-1);
  if (!version) throw new Error("PostgreSQL server binaries were not found under /usr/lib/postgresql");
  return path.join(root, version, "bin");
}


export interface PrivatePostgres {
  /** Connection string to its `postgres` database. */
  url: string;
  start(): void;
  /** Stops at once, like a crash or a failover: connections are cut. */
  stop(): void;
  destroy(): void;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerline-pg-"));
  const port = await freePort();
  // PostgreSQL refuses to run as root: run it as the postgres user when we are root.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["-R", "postgres:postgres", dir]);
  const run = (command: string, args: string[]) =>
    asRoot ? execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, command), ...args], { stdio: "pipe" }) : execFileSync(path.join(bin, command), args, { stdio: "pipe" });
  const data = path.join(dir, "data");
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  const start = () => void run("pg_ctl", ["-D", data, "-o", options, "-w", "-l", path.join(dir, "log"), "start"]);
  const stop = () => void run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
  start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy() {
      try {
        stop();
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
