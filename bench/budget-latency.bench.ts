// Budget ingest-to-deny latency: how long from a CDR batch's commit until
// CURRI answers Deny for the line whose budget that batch spent (target < 1 s;
// the product we answer polls its billing every 10 s).
// The daemon is composed as in production (SQLite in WAL mode, real HTTP on
// loopback); each trial commits a batch of rated calls (many users' calls,
// one of them spending a budget), announces it on 'calls.stored' as the
// collector's store does, and a CURRI client asks for that line's next call
// to a premium number back to back until the answer is Deny.
// The batch is inserted on the benchmark's main thread (the collector's worker
// does not rate calls yet), then its garbage is collected before the clock starts.
// Usage: npm run bench -- budget-latency   (BUDGET_BENCH_TRIALS, BUDGET_BENCH_BATCH, BUDGET_BENCH_USERS)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { parseThresholdSpec } from '../src/budgets/index.js';
import { composeTollgate } from '../src/compose.js';
import { createDataSource } from '../src/store/index.js';
import { insertRatedCalls, type TestCall } from '../test/budgets/rated-calls.js';
import { curriTestConfig, sampleBody, withValue } from '../test/curri/curri-test-kit.js';

const trials = Number(process.env.BUDGET_BENCH_TRIALS ?? 50);
const batchSize = Number(process.env.BUDGET_BENCH_BATCH ?? 5000);
const users = Number(process.env.BUDGET_BENCH_USERS ?? 2000);

const dir = mkdtempSync(join(tmpdir(), 'tollgate-budget-bench-'));
const url = `sqlite:${join(dir, 'tollgate.db')}`;
const extensionOf = (i: number) => String(3000 + i);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

try {
  const header = 'username,first_name,last_name,email,language,role,department,cost_centre,manager';
  writeFileSync(join(dir, 'departments.csv'), 'name\nSales\n');
  writeFileSync(join(dir, 'users.csv'), [header, ...Array.from({ length: users }, (_, i) => `u${i},User,${i},u${i}@example.com,en,user,Sales,,`)].join('\n'));
  writeFileSync(join(dir, 'lines.csv'), ['extension,partition,site,username', ...Array.from({ length: users }, (_, i) => `${extensionOf(i)},PT_Internal,default,u${i}`)].join('\n'));

  const ds = createDataSource({ url });
  await ds.initialize();
  await ds.runMigrations();
  const log = pino({ level: 'warn' });
  const tollgate = await composeTollgate(curriTestConfig(), { log, dataSource: ds });
  await tollgate.directoryImport.importFiles(['departments.csv', 'users.csv', 'lines.csv'].map((f) => join(dir, f)));
  const t0 = performance.now();
  for (let i = 0; i < users; i++) {
    await tollgate.budgets.service.add(
      { name: `u${i}`, scope: 'user', target: `u${i}`, period: 'month', amountMinor: 10_000, currency: 'USD', thresholds: ['80:user', '100:user,lock'].map(parseThresholdSpec) },
      { actor: 'bench', via: 'cli' },
    );
  }
  await tollgate.budgets.service.add({ name: 'Sales pool', scope: 'department', target: 'Sales', sharing: 'pool', period: 'month', amountMinor: 100_000_000, currency: 'USD' }, { actor: 'bench', via: 'cli' });
  console.log(`${users} users, ${users} user budgets + 1 department pool created in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const s0 = performance.now();
  await tollgate.start();
  console.log(`daemon started (CURRI warm from the recorded budget states) in ${(performance.now() - s0).toFixed(0)} ms`);
  await tollgate.budgets.engine.idle();
  console.log(`budget engine fully loaded (periods opened, spend summed) ${(performance.now() - s0).toFixed(0)} ms after start`);
  const server = createServer({ keepAliveTimeout: 65_000 }, tollgate.requestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/curri`;
  const premium = sampleBody('01-request-cucm-capture-translationpattern.xml');
  const decide = async (extension: string) => {
    const body = withValue(withValue(premium, 'callingnumber', extension), 'transformedcgpn', extension);
    const res = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=ISO-8859-1' }, body });
    const text = await res.text();
    return /<Decision>Deny<\/Decision>/.test(text) ? 'Deny' : /<Decision>Permit<\/Decision>/.test(text) ? 'Permit' : text;
  };

  const toDeny: number[] = [];
  const toLock: number[] = [];
  const commits: number[] = [];
  const pollCounts: number[] = [];
  const emits: number[] = [];
  let polls = 0;
  const now = new Date();
  for (let trial = 0; trial < trials; trial++) {
    const target = trial % users;
    const extension = extensionOf(target);
    if ((await decide(extension)) !== 'Permit') throw new Error(`u${target} refused before its budget was spent`);
    const calls: TestCall[] = Array.from({ length: batchSize - 1 }, (_, k) => ({ user: `u${(target + 1 + (k % (users - 1))) % users}`, at: now, costMinor: 1, currency: 'USD', destinationType: 'mobile' }));
    calls.push({ user: `u${target}`, at: now, costMinor: 10_000, currency: 'USD', destinationType: 'premium' });
    let locked = 0;
    const off = tollgate.events.on('lock.changed', (e) => {
      if (e.extension === extension && e.locked && locked === 0) locked = performance.now();
    });
    const c0 = performance.now();
    const { summaries } = await insertRatedCalls(ds, tollgate.directory, calls, now);
    commits.push(performance.now() - c0);
    // In production the ingest worker thread commits and only the summaries reach this
    // thread; here the insert ran on it, so its garbage is collected before the clock starts.
    (globalThis as { gc?: () => void }).gc?.();
    const committed = performance.now();
    tollgate.events.emit('calls.stored', { fileName: `bench-${trial}`, calls: summaries });
    emits.push(performance.now() - committed);
    let answer = await decide(extension);
    polls = 1;
    while (answer !== 'Deny') {
      answer = await decide(extension);
      polls++;
    }
    toDeny.push(performance.now() - committed);
    pollCounts.push(polls);
    await tollgate.budgets.engine.idle();
    toLock.push(locked - committed);
    off();
  }
  const fmt = (v: number) => `${v.toFixed(2)} ms`;
  console.log(`batch of ${batchSize} calls committed in p50 ${fmt(percentile(commits, 50))} (not part of the latency below)`);
  console.log(`commit -> CURRI Deny over ${trials} trials: p50 ${fmt(percentile(toDeny, 50))}, p95 ${fmt(percentile(toDeny, 95))}, max ${fmt(Math.max(...toDeny))} (target < 1000 ms)`);
  console.log(`of which announcing the batch (synchronous calls.stored listeners: spend totals, CURRI facts): p50 ${fmt(percentile(emits, 50))}, p95 ${fmt(percentile(emits, 95))}`);
  console.log(`CURRI requests until the first Deny: ${pollCounts.join(' ')}`);
  console.log(`commit -> budget lock set on the line (lock.changed): p50 ${fmt(percentile(toLock, 50))}, p95 ${fmt(percentile(toLock, 95))}, max ${fmt(Math.max(...toLock))}`);
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await tollgate.stop();
  await ds.destroy();
  if (percentile(toDeny, 95) >= 1000) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
