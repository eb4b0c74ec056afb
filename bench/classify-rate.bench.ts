// What a call costs between "parsed record" and "row written" on the ingest's parse thread: classification
// (direction, owner, gateway) and rating, over the records of the generated CDR file cdr-ingest uses (same seed,
// same 2,000-line directory, the bundled sample plans). Records are read in chunks of 2,000 (the ingest's
// batch); per chunk the reference (tokenizing and parsing the chunk's records into CallRecords) and then
// classify+rate of those records are timed in CPU time of this thread, so the ratio compares work done in the
// same run under the same load. "reuse" passes refill one classification, rating input and outcome per call
// (classifyCallInto, rateInto) instead of making them. Also the old space after the run (what the memos keep).
//   npm run bench -- classify-rate          (CLASSIFY_BENCH_RECORDS=200000 by default)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { configSchema } from '../src/config/index.js';
import { createClassifyRateRun } from '../cdr-collector/testing/classify-rate-run.js';
import { trafficDirectory, writeGeneratedCdrFile } from '../cdr-collector/testing/generate-cdr-traffic.js';

const records = Number(process.env.CLASSIFY_BENCH_RECORDS ?? 200_000);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const oldSpaceMb = () => {
  gc();
  const old = getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
  return ((old?.space_used_size ?? 0) / 1e6).toFixed(1);
};

const dir = mkdtempSync(join(tmpdir(), 'tollgate-classify-bench-'));
const file = join(dir, 'cdr_StandAloneCluster_01_202611231200_1');
try {
  const traffic = trafficDirectory(2_000);
  await writeGeneratedCdrFile(file, { records, directory: traffic, seed: 42 });
  const run = await createClassifyRateRun(traffic, configSchema.parse({ logging: { level: 'warn' } }));
  console.log(`node ${process.version}, load average ${load()}, old space before ${oldSpaceMb()} MB`);
  const passes = ['warm-up', 'pass 1', 'pass 2', 'pass 3', 'reuse 1', 'reuse 2', 'reuse 3'];
  for (const label of passes) {
    const p = run(file, 2_000, label.startsWith('reuse'));
    const ns = (us: number) => ((us / p.records) * 1000).toFixed(0);
    console.log(
      `${label.padEnd(8)} ${p.records.toLocaleString('en')} records: tokenize+parse ${ns(p.parseUs)} ns, ` +
        `classify+rate ${ns(p.rateUs)} ns per record => RATIO classify+rate / tokenize+parse ` +
        `${(p.rateUs / p.parseUs).toFixed(2)} (${p.rated.toLocaleString('en')} rated, checksum ${p.checksum}; ` +
        `load ${load()})`,
    );
  }
  console.log(`old space after the passes and a GC: ${oldSpaceMb()} MB used`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
