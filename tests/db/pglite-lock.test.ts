// The embedded database's directory lock: one process owns the directory. A lock file is never
// seen empty while its owner writes it, and one that is (another process's open in progress) is
// not taken for a dead owner's; only an empty file left long ago is.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DatabaseLockedError, lockDataDirectorySync } from "@/lib/db/pglite-lock";

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ledgerline-lock-"));
  dirs.push(dir);
  return dir;
}

describe("the embedded database's directory lock", () => {
  it("holds the owner's pid, and refuses a second owner naming it", () => {
    const dir = dataDir();
    const release = lockDataDirectorySync(dir);
    expect(fs.readFileSync(path.join(dir, "ledgerline.pid"), "utf8")).toBe(String(process.pid));
    fs.writeFileSync(path.join(dir, "ledgerline.pid"), String(process.ppid));
    expect(() => lockDataDirectorySync(dir)).toThrow(new RegExp(`in use by process ${process.ppid}`));
    fs.writeFileSync(path.join(dir, "ledgerline.pid"), String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, "ledgerline.pid"))).toBe(false);
  });

  it("does not take a lock file another process has just created and not yet written", () => {
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, "ledgerline.pid"), "");
    expect(() => lockDataDirectorySync(dir)).toThrow(DatabaseLockedError);
    expect(() => lockDataDirectorySync(dir)).toThrow(/being opened by another process/);
    expect(fs.readFileSync(path.join(dir, "ledgerline.pid"), "utf8")).toBe("");
  });

  it("takes over an empty lock file left long ago by a process that died while writing it", () => {
    const dir = dataDir();
    const lockPath = path.join(dir, "ledgerline.pid");
    fs.writeFileSync(lockPath, "");
    const aMinuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(lockPath, aMinuteAgo, aMinuteAgo);
    const release = lockDataDirectorySync(dir);
    expect(fs.readFileSync(lockPath, "utf8")).toBe(String(process.pid));
    release();
  });
});
