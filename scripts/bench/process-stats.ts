// What the benchmarks read from Linux's /proc: a process's memory and CPU time, and how much of
// the host's CPU the hypervisor gave to other guests.
import fs from "node:fs";

/** Resident memory of a process, in MB. */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

/** The host's CPU time so far, per /proc/stat column (user nice system idle iowait irq softirq steal …); empty off Linux. */
export function hostCpuTicks(): number[] {
  try {
    return fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  } catch {
    return [];
  }
}

/**
 * Share of the host's CPU time since `since` that the hypervisor gave to other guests (`steal`).
 * On a shared host it says whether a round ran on a machine worth trusting. NaN off Linux.
 */
export function stolenShareSince(since: number[]): number {
  return shareSince(since, [7]);
}

/** Share of the host's CPU time since `since` that no process wanted (idle + iowait): 0 = every core busy. NaN off Linux. */
export function idleShareSince(since: number[]): number {
  return shareSince(since, [3, 4]);
}

/** Share of the host's CPU time since `since` spent in the given /proc/stat columns. */
function shareSince(since: number[], columns: number[]): number {
  const now = hostCpuTicks();
  if (now.length < 8 || since.length !== now.length) return Number.NaN;
  const delta = now.map((value, index) => value - since[index]!);
  // Guest time is already counted inside user, so the first eight columns are the whole.
  const total = delta.slice(0, 8).reduce((sum, value) => sum + value, 0);
  return total > 0 ? columns.reduce((sum, column) => sum + delta[column]!, 0) / total : Number.NaN;
}

/**
 * CPU time used so far by every process named `command` on this host (e.g. "postgres": the
 * server and its backends), in ms; undefined off Linux. A process that exits takes its time along.
 */
export function commandCpuMillis(command: string): number | undefined {
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return undefined;
  }
  let total = 0;
  for (const pid of pids) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim() === command) total += processCpuMillis(Number(pid)) ?? 0;
    } catch {
      // Gone between the listing and the read.
    }
  }
  return total;
}

/** Linux's clock ticks per second for /proc/<pid>/stat (USER_HZ, 100 on every mainstream kernel). */
const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time used by a process, from /proc (user + system, its own threads, GC and libuv included). */
export function processCpuMillis(pid: number | undefined): number | undefined {
  return pid === undefined ? undefined : statCpuMillis(`/proc/${pid}/stat`);
}

/**
 * A process's main thread so far: its CPU time (its JavaScript, without GC and libuv's helper
 * threads) and how long it has waited, runnable, for a CPU (the scheduler's run-queue time in
 * /proc/<pid>/task/<pid>/schedstat). NaN where the kernel keeps no such figures.
 */
export function mainThreadTimes(pid: number): { cpuMs: number; waitingMs: number } {
  return { cpuMs: statCpuMillis(`/proc/${pid}/task/${pid}/stat`) ?? Number.NaN, waitingMs: runQueueMillis(`/proc/${pid}/task/${pid}/schedstat`) };
}

function runQueueMillis(file: string): number {
  try {
    const [, waitingNs] = fs.readFileSync(file, "utf8").trim().split(" ").map(Number);
    return waitingNs === undefined ? Number.NaN : waitingNs / 1e6;
  } catch {
    return Number.NaN;
  }
}

function statCpuMillis(file: string): number | undefined {
  try {
    const stat = fs.readFileSync(file, "utf8");
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th overall.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
