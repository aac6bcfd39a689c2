// PGlite is single-process: two processes opening the same data directory would corrupt it.
// This pid lock lets one process own the directory and tells any other one who holds it.
import fs from "node:fs";
import path from "node:path";

export class DatabaseLockedError extends Error {
  constructor(readonly dir: string, readonly pid: number) {
    super(
      `The embedded database in ${dir} is in use by process ${pid}. ` +
        `Stop that process (is the app running?) or set DATABASE_URL to use PostgreSQL.`,
    );
    this.name = "DatabaseLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function tryAcquire(lockPath: string): number | null {
  try {
    const fd = fs.openSync(lockPath, "wx");
    fs.writeSync(fd, String(process.pid));
    fs.closeSync(fd);
    return null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const holder = Number(fs.readFileSync(lockPath, "utf8").trim());
  if (holder === process.pid) return null;
  if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) return holder;
  // Stale lock of a dead process: move it aside atomically so only one contender removes it.
  try {
    fs.renameSync(lockPath, `${lockPath}.stale-${process.pid}`);
    fs.rmSync(`${lockPath}.stale-${process.pid}`, { force: true });
  } catch {
    // another contender moved it first; retry below
  }
  return tryAcquire(lockPath);
}

/** Takes the directory's lock or throws naming the live process that holds it. */
export function lockDataDirectorySync(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockPath = path.join(dir, "ledgerline.pid");
  const holder = tryAcquire(lockPath);
  if (holder !== null) throw new DatabaseLockedError(dir, holder);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    try {
      if (fs.readFileSync(lockPath, "utf8").trim() === String(process.pid)) fs.rmSync(lockPath);
    } catch {
      // already gone
    }
  };
  process.once("exit", release);
  return release;
}
