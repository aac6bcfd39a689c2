// Where a process's main thread spent its time, from V8's sampling profiler: self time per
// function, as a share of the samples. The sampling is by wall clock: "(idle)" is the event loop
// waiting, and a thread the host preempted inside a call is counted in that call. With
// BENCH_HEAP_FILE set, V8's sampling heap profiler records what is allocated over the same window.
import fs from "node:fs";
import { Session, type Profiler } from "node:inspector/promises";

export interface SelfTime {
  fn: string;
  where: string;
  share: number;
}

/**
 * Starts the profiler; the returned stop answers the `limit` functions with the most self time.
 * The files named by BENCH_PROFILE_FILE and BENCH_HEAP_FILE get `suffix` appended (one per window).
 */
export async function startCpuProfile(suffix = ""): Promise<(limit: number) => Promise<SelfTime[]>> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  // Allocation, not what survives: objects collected since are kept in the sample.
  if (process.env.BENCH_HEAP_FILE) {
    await session.post("HeapProfiler.startSampling", { samplingInterval: 32768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  }
  return async (limit) => {
    const { profile } = await session.post("Profiler.stop");
    if (process.env.BENCH_HEAP_FILE) {
      const { profile: heap } = await session.post("HeapProfiler.stopSampling");
      fs.writeFileSync(`${process.env.BENCH_HEAP_FILE}${suffix}`, JSON.stringify(heap));
    }
    session.disconnect();
    if (process.env.BENCH_PROFILE_FILE) fs.writeFileSync(`${process.env.BENCH_PROFILE_FILE}${suffix}`, JSON.stringify(profile));
    return topSelfTime(profile, limit);
  };
}

function topSelfTime(profile: Profiler.Profile, limit: number): SelfTime[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const micros = new Map<string, number>();
  let total = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const frame = byNode.get(id)!;
    const where = frame.url.replace(/^.*\/node_modules\//, "npm:").replace(`file://${process.cwd()}/`, "");
    const key = `${frame.functionName || "(anonymous)"}\t${where}:${frame.lineNumber + 1}`;
    const delta = profile.timeDeltas?.[i] ?? 0;
    micros.set(key, (micros.get(key) ?? 0) + delta);
    total += delta;
  });
  return [...micros.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, us]) => ({ fn: key.split("\t")[0]!, where: key.split("\t")[1]!, share: us / Math.max(1, total) }));
}

/** Prints the rows as a table: function, file and line, share of the samples. */
export function printSelfTime(title: string, rows: SelfTime[]): void {
  console.log(`\n${title}`);
  console.table(rows.map((row) => ({ function: row.fn.slice(0, 40), where: row.where.slice(-70), share: `${(row.share * 100).toFixed(1)} %` })));
}
