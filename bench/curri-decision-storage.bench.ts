// How much a recorded CURRI decision costs on SQLite: bytes on disk per decision (database growth, and by table
// and index through dbstat) and the writer thread's CPU per decision, for decisions shaped like a busy cluster's
// (2,000 lines, 2,500 devices, 90% permits). The reference, measured in the same run, is the same decisions as
// CSV text: the ratio says how much larger or smaller than a plain log the table is.
// Usage: npm run bench -- curri-decision-storage   (CURRI_STORAGE_BENCH_DECISIONS=200000 by default)
import { statSync } from 'node:fs';
import { join } from 'node:path';
import {
  createSqliteDecisionStore,
  decisionValues,
  type DecisionRecord,
  type SqliteDecisionHandle,
} from '../curri/testing/decision-storage.js';
import { createDataSource } from '../src/store/index.js';
import { makeTempDir } from '../test/harness/index.js';

const decisions = Number(process.env.CURRI_STORAGE_BENCH_DECISIONS ?? 200_000);
const batch = 500;
/** The values as one CSV line each (numbers bare, texts quoted): the plain log the table is compared with. */
const csv = (values: unknown[][]) =>
  values.map((v) => v.map((x) => (typeof x === 'string' ? `"${x}"` : String(x ?? ''))).join(',') + '\n').join('');

/** A deterministic stream of plausible decisions (a small LCG: the same set every run). */
function* traffic(n: number): Generator<DecisionRecord> {
  let seed = 42;
  const next = (m: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % m;
  };
  const start = Date.UTC(2026, 2, 2, 8);
  for (let i = 0; i < n; i++) {
    const line = next(2_000);
    const roll = next(100);
    const [outcome, reason] =
      roll < 90
        ? ['permit', 'allowed']
        : roll < 95
          ? ['deny', 'line-locked']
          : roll < 98
            ? ['deny', 'budget-exhausted']
            : ['permit', 'emergency'];
    const called = roll >= 98 ? '112' : `0${String(200_000_000 + next(700_000_000))}`;
    yield {
      decidedAt: new Date(start + i * 5 + next(5)),
      context: line % 10 === 0 ? 'branch' : 'hq',
      callingNumber: String(20_000 + line),
      calledNumber: called,
      transformedCallingNumber: line % 4 === 0 ? `+3902${20_000 + line}` : '',
      transformedCalledNumber: roll % 3 === 0 ? `+39${called.slice(1)}` : '',
      callingDeviceName: `SEP00112233${String(4_000 + ((line * 5) % 2_500)).padStart(4, '0')}`,
      triggerPoint: roll % 7 === 0 ? 'routepattern' : 'translationpattern',
      lineId: line < 1_950 ? line + 1 : null,
      outcome: outcome as DecisionRecord['outcome'],
      reason: reason as DecisionRecord['reason'],
      destination: '',
      latencyUs: 60 + next(400),
    };
  }
}

const dir = makeTempDir('curri-storage-bench-');
const dbPath = join(dir.path, 'decisions.db');
const ds = createDataSource({ url: `sqlite:${dbPath}` });
await ds.initialize();
await ds.runMigrations();
const bytesNow = async () => {
  await ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
  return statSync(dbPath).size;
};
const before = await bytesNow();
const handle = (ds.driver as unknown as { databaseConnection: SqliteDecisionHandle }).databaseConnection;
const store = createSqliteDecisionStore(handle);

// As the writer thread receives them: each batch as JSON text of value arrays.
const wire: string[] = [];
let csvBytes = 0;
let rows: ReturnType<typeof decisionValues>[] = [];
for (const record of traffic(decisions)) {
  rows.push(decisionValues(record));
  if (rows.length === batch) {
    csvBytes += Buffer.byteLength(csv(rows));
    wire.push(JSON.stringify(rows));
    rows = [];
  }
}
if (rows.length) {
  csvBytes += Buffer.byteLength(csv(rows));
  wire.push(JSON.stringify(rows));
}
const cpu0 = process.cpuUsage();
for (const text of wire) store.insertRows(JSON.parse(text) as ReturnType<typeof decisionValues>[]);
const cpu = process.cpuUsage(cpu0);
const grown = (await bytesNow()) - before;
const parts = (await ds.query(
  "SELECT name, SUM(pgsize) AS bytes FROM dbstat WHERE name LIKE '%curri%' GROUP BY name ORDER BY bytes DESC",
)) as Array<{ name: string; bytes: number }>;
const perDecision = grown / decisions;
console.log(`curri decision storage: ${decisions.toLocaleString('en')} decisions in batches of ${batch}, SQLite`);
console.log(`=> bytes per decision ${perDecision.toFixed(1)} (database grew ${(grown / 1e6).toFixed(1)} MB)`);
console.log(`   by part: ${parts.map((p) => `${p.name} ${(p.bytes / decisions).toFixed(1)}`).join(', ')}`);
console.log(
  `=> reference: the same decisions as CSV ${(csvBytes / decisions).toFixed(1)} bytes each; ` +
    `RATIO table / CSV = ${(grown / csvBytes).toFixed(2)}`,
);
console.log(`=> at 2,000 decisions/s: ${((perDecision * 2_000 * 86_400) / 1e9).toFixed(1)} GB a day`);
console.log(`=> writer CPU per decision ${((cpu.user + cpu.system) / decisions).toFixed(2)} µs`);
await ds.destroy();
dir.cleanup();
