// Budget ingest-to-deny latency: how long from a CDR batch's commit until
// CURRI answers Deny for the line whose budget that batch spent (target < 1 s;
// the product we answer polls its billing every 10 s).
// The daemon is composed as in production (SQLite in WAL mode, real HTTP on
// loopback, thousands of budgets). Two ways in, each trial spending one
// budget with one call among many other users' calls:
//  - collector: a CUCM CDR file through the collector's ingest worker thread
//    (parse, classify, rate by the sample US plan, one-transaction batch); the
//    clock starts when the batch's calls.stored reaches the daemon's thread,
//    right after the worker's commit;
//  - direct: a batch of already-rated calls inserted on this thread and
//    announced as the collector's store does (bigger batches); the insert's
//    garbage is collected before the clock starts, as in production it lives
//    in the worker.
// Then a CURRI client asks, back to back, for that line's next call to a
// premium number until the answer is Deny.
// Usage: npm run bench -- budget-latency
//   (BUDGET_BENCH_TRIALS=30, BUDGET_BENCH_USERS=2000, BUDGET_BENCH_BATCH=5000 direct, BUDGET_BENCH_FILE=2000 collector)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { ingestFiles } from '../cdr-collector/index.js';
import { parseThresholdSpec } from '../src/budgets/index.js';
import { composeTollgate, type Tollgate } from '../src/compose.js';
import type { DomainEvents, EventBus } from '../src/events/index.js';
import { createDataSource } from '../src/store/index.js';
import { writeCdrFile, type DialledCall } from '../test/budgets/cdr-files.js';
import { insertRatedCalls, type TestCall } from '../test/budgets/rated-calls.js';
import { curriTestConfig, sampleBody, withValue } from '../test/curri/curri-test-kit.js';

const trials = Number(process.env.BUDGET_BENCH_TRIALS ?? 30);
const users = Number(process.env.BUDGET_BENCH_USERS ?? 2000);
const directBatch = Number(process.env.BUDGET_BENCH_BATCH ?? 5000);
const fileRecords = Number(process.env.BUDGET_BENCH_FILE ?? 2000);
if (users < 2 * trials + 1)
  throw new Error('BUDGET_BENCH_USERS must exceed twice the trials (each trial spends a fresh budget)');

const dir = mkdtempSync(join(tmpdir(), 'tollgate-budget-bench-'));
const url = `sqlite:${join(dir, 'tollgate.db')}`;
const extensionOf = (i: number) => String(3000 + i);
const deviceOf = (i: number) => `SEP${(0xa00000000000 + i).toString(16).toUpperCase()}`;
const fmt = (v: number) => `${v.toFixed(1)} ms`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function writeDirectory(): string[] {
  const header = 'username,first_name,last_name,email,language,role,department,cost_centre,manager';
  writeFileSync(join(dir, 'departments.csv'), 'name\nSales\n');
  writeFileSync(
    join(dir, 'users.csv'),
    [header, ...Array.from({ length: users }, (_, i) => `u${i},User,${i},u${i}@example.com,en,user,Sales,,`)].join(
      '\n',
    ),
  );
  writeFileSync(
    join(dir, 'lines.csv'),
    [
      'extension,partition,site,username',
      ...Array.from({ length: users }, (_, i) => `${extensionOf(i)},PT_Internal,default,u${i}`),
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'devices.csv'),
    [
      'name,model,username,lines',
      ...Array.from({ length: users }, (_, i) => `${deviceOf(i)},Cisco 8845,u${i},${extensionOf(i)}/PT_Internal`),
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'gateways.csv'),
    'device_name,kind,carrier,site,pstn\nGW_DALLAS,gateway,example-us,default,yes\n',
  );
  return ['departments.csv', 'users.csv', 'lines.csv', 'devices.csv', 'gateways.csv'].map((f) => join(dir, f));
}

interface Trial {
  /**
   * Stores the batch; `announced` resolves with the instant its calls.stored reached the bus, `done` when the
   * storing side is finished.
   */
  store(target: number, trial: number): { announced: Promise<number>; done: Promise<unknown> };
}

async function measure(
  name: string,
  tollgate: Tollgate,
  decide: (ext: string) => Promise<string>,
  way: Trial,
  firstUser: number,
): Promise<number[]> {
  const toDeny: number[] = [];
  const toLock: number[] = [];
  const polls: number[] = [];
  for (let trial = 0; trial < trials; trial++) {
    const target = firstUser + trial;
    const extension = extensionOf(target);
    if ((await decide(extension)) !== 'Permit') throw new Error(`u${target} refused before its budget was spent`);
    let locked = 0;
    const off = tollgate.events.on('lock.changed', (e) => {
      if (e.extension === extension && e.locked && locked === 0) locked = performance.now();
    });
    const stored = way.store(target, trial);
    const announced = await stored.announced;
    let n = 1;
    while ((await decide(extension)) !== 'Deny') n++;
    toDeny.push(performance.now() - announced);
    polls.push(n);
    await stored.done;
    await tollgate.budgets.engine.idle();
    toLock.push(locked - announced);
    off();
  }
  console.log(
    `[${name}] commit -> CURRI Deny over ${trials} trials: p50 ${fmt(percentile(toDeny, 50))}, p95 ` +
      `${fmt(percentile(toDeny, 95))}, max ${fmt(Math.max(...toDeny))} (target < 1000 ms)`,
  );
  console.log(
    `[${name}] CURRI requests until the first Deny: ` +
      `${polls.every((p) => p === 1) ? 'always the first' : polls.join(' ')}`,
  );
  console.log(
    `[${name}] commit -> budget lock on the line (lock.changed): p50 ` +
      `${fmt(percentile(toLock, 50))}, p95 ${fmt(percentile(toLock, 95))}, max ${fmt(Math.max(...toLock))}`,
  );
  return toDeny;
}

try {
  const ds = createDataSource({ url });
  await ds.initialize();
  await ds.runMigrations();
  const log = pino({ level: 'warn' });
  const config = curriTestConfig();
  const tollgate = await composeTollgate(config, { log, dataSource: ds });
  await tollgate.directoryImport.importFiles(writeDirectory());
  const t0 = performance.now();
  const bench = { actor: 'bench', via: 'cli' as const };
  for (let i = 0; i < users; i++) {
    const thresholds = ['80:user', '100:user,lock'].map(parseThresholdSpec);
    await tollgate.budgets.service.add(
      {
        name: `u${i}`,
        scope: 'user',
        target: `u${i}`,
        period: 'month',
        amountMinor: 10_000,
        currency: 'USD',
        thresholds,
      },
      bench,
    );
  }
  await tollgate.budgets.service.add(
    {
      name: 'Sales pool',
      scope: 'department',
      target: 'Sales',
      sharing: 'pool',
      period: 'month',
      amountMinor: 1e12,
      currency: 'USD',
    },
    bench,
  );
  console.log(
    `${users} users with a budget each, plus a department pool over all of them, created in ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const s0 = performance.now();
  await tollgate.start();
  console.log(
    `daemon started (CURRI warm from the recorded budget states) in ${(performance.now() - s0).toFixed(0)} ms`,
  );
  await tollgate.budgets.engine.idle();
  console.log(
    `budget engine fully loaded (periods opened, spend summed) ${(performance.now() - s0).toFixed(0)} ms after start`,
  );
  const server = createServer({ keepAliveTimeout: 65_000 }, tollgate.requestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/curri`;
  const premiumRequest = sampleBody('01-request-cucm-capture-translationpattern.xml');
  const decide = async (extension: string) => {
    const body = withValue(withValue(premiumRequest, 'callingnumber', extension), 'transformedcgpn', extension);
    const text = await (
      await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=ISO-8859-1' }, body })
    ).text();
    return /<Decision>Deny<\/Decision>/.test(text)
      ? 'Deny'
      : /<Decision>Permit<\/Decision>/.test(text)
        ? 'Permit'
        : text;
  };

  // Through the collector: the worker commits; we time from calls.stored reaching the bus
  // (ingestFiles resolves only after it has also closed its worker, which a daemon keeps).
  let onAnnounced: (at: number) => void = () => undefined;
  const timedBus: EventBus = {
    emit(event, payload) {
      if (event === 'calls.stored') onAnnounced(performance.now());
      tollgate.events.emit(event, payload as DomainEvents[typeof event]);
    },
    on: (event, listener) => tollgate.events.on(event, listener),
  };
  const epoch = Math.floor(Date.now() / 1000) - 3600;
  const collectorWay: Trial = {
    store(target, trial) {
      const calls: DialledCall[] = Array.from({ length: fileRecords - 1 }, (_, k) => {
        const from = (target + 1 + k) % users;
        // A two-minute national call: USD 0.03 at the sample plan's rate.
        return {
          extension: extensionOf(from),
          partition: 'PT_Internal',
          device: deviceOf(from),
          dialled: '912125551234',
          outpulsed: '12125551234',
          gateway: 'GW_DALLAS',
          startEpoch: epoch + trial,
          seconds: 118,
        };
      });
      // 34 minutes to a 900 number: USD 101.66, past the USD 100 budget.
      calls.push({
        extension: extensionOf(target),
        partition: 'PT_Internal',
        device: deviceOf(target),
        dialled: '919005551234',
        outpulsed: '19005551234',
        gateway: 'GW_DALLAS',
        startEpoch: epoch + trial,
        seconds: 34 * 60 - 5,
      });
      const file = writeCdrFile(dir, trial + 1, calls);
      const announced = new Promise<number>((resolve) => {
        onAnnounced = resolve;
      });
      const done = ingestFiles([file], { config, database: { url }, log, events: timedBus }).then((summary) => {
        if (summary.files[0]?.outcome !== 'stored') throw new Error(`ingest failed: ${JSON.stringify(summary)}`);
      });
      return {
        announced: Promise.race([announced, done.then(() => Promise.reject(new Error('stored without calls.stored')))]),
        done,
      };
    },
  };
  console.log(`collector: files of ${fileRecords} CDRs through the ingest worker`);
  const viaCollector = await measure('collector', tollgate, decide, collectorWay, 0);

  const now = new Date();
  const directWay: Trial = {
    store(target, trial) {
      const calls: TestCall[] = Array.from({ length: directBatch - 1 }, (_, k) => ({
        user: `u${(target + 1 + k) % users}`,
        at: now,
        costMinor: 1,
        currency: 'USD',
        destinationType: 'fixed-national',
      }));
      calls.push({ user: `u${target}`, at: now, costMinor: 10_000, currency: 'USD', destinationType: 'premium' });
      const announced = insertRatedCalls(ds, tollgate.directory, calls).then(({ summaries }) => {
        (globalThis as { gc?: () => void }).gc?.();
        const at = performance.now();
        tollgate.events.emit('calls.stored', { fileName: `bench-${trial}`, calls: summaries });
        return at;
      });
      return { announced, done: announced };
    },
  };
  console.log(`direct: batches of ${directBatch} rated calls`);
  const direct = await measure('direct', tollgate, decide, directWay, trials);

  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await tollgate.stop();
  await ds.destroy();
  if (percentile(viaCollector, 95) >= 1000 || percentile(direct, 95) >= 1000) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
