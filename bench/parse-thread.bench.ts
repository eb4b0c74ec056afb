// The ingest's parse thread alone, without a store: read the file (its checksum too), tokenize, parse, classify,
// rate and pack the batches, as ingest-file.ts does on the parse thread, over the generated file cdr-ingest uses
// (same seed, same 2,000-line directory). Batches are taken and dropped; no outgoing leg is found in a store.
// Prints CPU per record of this thread and of the whole process (the V8 garbage collector's helper threads are
// most of the difference), best of the passes: compare two commits by running this bench on each, back to back.
//   npm run bench -- parse-thread          (PARSE_BENCH_RECORDS=200000, PARSE_BENCH_PASSES=4 by default)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchClassifyContext } from '../cdr-collector/testing/classify-rate-run.js';
import { runParseThreadPass } from '../cdr-collector/testing/parse-thread-pass.js';
import { trafficDirectory, writeGeneratedCdrFile } from '../cdr-collector/testing/generate-cdr-traffic.js';
import { configSchema } from '../src/config/index.js';

const records = Number(process.env.PARSE_BENCH_RECORDS ?? 200_000);
const passes = Number(process.env.PARSE_BENCH_PASSES ?? 4);
const BATCH = 2_000;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const processCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const dir = mkdtempSync(join(tmpdir(), 'tollgate-parse-bench-'));
const file = join(dir, 'cdr_StandAloneCluster_01_202611231200_1');
try {
  const traffic = trafficDirectory(2_000);
  await writeGeneratedCdrFile(file, { records, directory: traffic, seed: 42 });
  const { context, rater } = await createBenchClassifyContext(
    traffic,
    configSchema.parse({ logging: { level: 'warn' } }),
  );
  console.log(`node ${process.version}, ${records.toLocaleString('en')} records, load average ${load()}`);
  let best = { thread: Infinity, process: Infinity };
  for (let pass = 0; pass <= passes; pass++) {
    const process0 = processCpuMs();
    const { records: seen, calls, threadMs } = await runParseThreadPass(file, context, rater, BATCH);
    const thread = (threadMs * 1000) / seen;
    const proc = ((processCpuMs() - process0) * 1000) / seen;
    if (pass > 0) best = { thread: Math.min(best.thread, thread), process: Math.min(best.process, proc) };
    console.log(
      `${pass === 0 ? 'warm-up' : `pass ${pass}`}: ${calls.toLocaleString('en')} calls, ` +
        `CPU per record: thread ${thread.toFixed(1)} µs, process ${proc.toFixed(1)} µs (load ${load()})`,
    );
  }
  console.log(`=> best: parse thread ${best.thread.toFixed(1)} µs, process ${best.process.toFixed(1)} µs per record`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
