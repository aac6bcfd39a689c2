// PGlite is single-process: two processes opening the same data directory would corrupt it.
// This pid lock lets one process own the directory and tells any other one who holds it.
import fs from "node:fs";
import path from "node:path";

export class DatabaseLockedError extends Error {
  /** `pid` is null while another process is still writing its claim. */
  constructor(readonly dir: string, readonly pid: number | null) {
    super(
      `The embedded database in ${dir} is ${pid === null ? "being opened by another process" : `in use by process ${pid}`}. ` +
        `Stop that process (is the app running?) or set DATABASE_URL to use PostgreSQL.`,
    );
    this.name = "DatabaseLockedError";
  }
}

/** An empty lock file younger than this is a claim being written, not a dead owner's. */
const CLAIM_WRITE_GRACE_MS = 5_000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Creates the lock file with the pid already in it (written aside, then linked): never seen empty. */
function createClaim(lockPath: string): boolean {
  const draft = `${lockPath}.${process.pid}.tmp`;
  fs.writeFileSync(draft, String(process.pid));
  try {
    fs.linkSync(draft, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return false;
  } finally {
    fs.rmSync(draft, { force: true });
  }
}

/** null once acquired; else the holder's pid, or `"opening"` for a claim still being written. */
function tryAcquire(lockPath: string): number | "opening" | null {
  if (createClaim(lockPath)) return null;
  const content = fs.readFileSync(lockPath, "utf8").trim();
  // An empty file is a claim an older writer has created and not yet filled; only one left long
  // ago (its writer died mid-write) is stale.
  if (content === "" && Date.now() - fs.statSync(lockPath).mtimeMs < CLAIM_WRITE_GRACE_MS) return "opening";
  const holder = Number(content);
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
  if (holder !== null) throw new DatabaseLockedError(dir, holder === "opening" ? null : holder);
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
