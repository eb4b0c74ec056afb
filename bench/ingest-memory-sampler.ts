// What the ingest bench's child holds at its peak RSS, and each of its threads' CPU: sampled every 100 ms from
// /proc/self/status (its RSS and the anonymous and file-backed parts: smaps_rollup would tell the same at 12 ms of
// kernel time a read, seconds of the main thread's CPU over a run), process.memoryUsage() (the main thread's heap)
// and /proc/self/task/*/stat.
import { readdirSync, readFileSync } from 'node:fs';

export interface MemoryAtPeak {
  /** Process RSS at the sample with the highest one, MB, and its parts: anonymous and file-backed (with shmem). */
  rssMb: number;
  anonymousMb: number;
  fileMb: number;
  /** The main thread's V8 heap (committed) and the array buffers and external memory of every thread, MB. */
  mainHeapMb: number;
  arrayBuffersMb: number;
  threads: number;
}

export interface ThreadCpu {
  /** `main`, `earlier TID` (running before the ingest began) or `new TID` (started by it). */
  name: string;
  cpuMs: number;
}

const mb = (kb: number) => kb / 1024;

function rollup(): { rss: number; anonymous: number } {
  const text = readFileSync('/proc/self/status', 'latin1');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { rss: kb('VmRSS'), anonymous: kb('RssAnon') };
}

function tasks(): Array<{ tid: string; cpuMs: number }> {
  const out: Array<{ tid: string; cpuMs: number }> = [];
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ tid, cpuMs: (Number(fields[11]) + Number(fields[12])) * 10 });
    } catch {
      // The thread ended between the listing and the read: its last sample stands.
    }
  }
  return out;
}

/**
 * Starts sampling; `stop()` answers the sample at the peak and the CPU over the run of every thread that used
 * 50 ms or more (the last sample of a thread that ended).
 */
export function sampleIngestMemory(): { stop(): { peak: MemoryAtPeak; threads: ThreadCpu[] } } {
  let peak: MemoryAtPeak | null = null;
  const start = new Map(tasks().map((t) => [t.tid, t.cpuMs]));
  const seen = new Map<string, { cpuMs: number }>();
  let ticks = 0;
  let threads = start.size;
  const sample = () => {
    const r = rollup();
    // The threads every half second (about 1 ms of the main thread's CPU a time): a thread that ends loses less.
    if (ticks++ % 5 === 0) {
      const list = tasks();
      threads = list.length;
      for (const t of list) seen.set(t.tid, { cpuMs: t.cpuMs - (start.get(t.tid) ?? 0) });
    }
    if (peak !== null && r.rss <= peak.rssMb * 1024) return;
    const m = process.memoryUsage();
    peak = {
      rssMb: mb(r.rss),
      anonymousMb: mb(r.anonymous),
      fileMb: mb(r.rss - r.anonymous),
      mainHeapMb: m.heapTotal / 2 ** 20,
      arrayBuffersMb: m.arrayBuffers / 2 ** 20,
      threads,
    };
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop() {
      clearInterval(timer);
      ticks = 0;
      sample();
      // Node names every thread "node": the main thread is the process id; the others are told by whether they ran
      // before sampling began (the checkpointer, V8's and libuv's pools, tsx's hooks) or started since (the ingest
      // worker first, then its store thread), in order of thread id.
      const threads = [...seen.entries()]
        .sort(([a], [b]) => Number(a) - Number(b))
        .map(([tid, t]) => ({
          name: tid === String(process.pid) ? 'main' : `${start.has(tid) ? 'earlier' : 'new'} ${tid}`,
          cpuMs: t.cpuMs,
        }))
        .filter((t) => t.cpuMs >= 50);
      return { peak: peak as MemoryAtPeak, threads };
    },
  };
}
