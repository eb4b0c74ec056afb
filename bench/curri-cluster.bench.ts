// CURRI on two daemons sharing one PostgreSQL while both ingest CDRs, against one daemon idle, same run.
// Each daemon is its own process (composed as `serve` does, CDR files stored through its ingest worker,
// each batch announced to the other daemon on the change feed). The reference is daemon A alone with
// nothing else to do; then both daemons ingest a generated file each while autocannon drives both with
// half the connections each (the same 32 in all), as CUCM does with a primary and a backup web service
// in a load-balanced set-up. Needs PostgreSQL: BENCH_DATABASE_URL (or TEST_DATABASE_URL); a database of
// its own is created and dropped.
// Usage: npm run bench -- curri-cluster
//   CLUSTER_BENCH_SECONDS=5 per measured run, CLUSTER_BENCH_RECORDS=200000 per daemon's file,
//   CLUSTER_BENCH_RUNS=4 measured runs at most while both ingest
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { ingestFiles } from '../cdr-collector/index.js';
import { trafficDirectory, writeGeneratedCdrFile } from '../cdr-collector/testing/generate-cdr-traffic.js';
import { composeTollgate } from '../src/compose.js';
import { configSchema, type Config } from '../src/config/index.js';
import { createDataSource } from '../src/store/index.js';
import { makeTempDir } from '../test/harness/index.js';

const seconds = Number(process.env.CLUSTER_BENCH_SECONDS ?? 5);
const records = Number(process.env.CLUSTER_BENCH_RECORDS ?? 200_000);
const maxRuns = Number(process.env.CLUSTER_BENCH_RUNS ?? 4);
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? '';
const connections = 32;
const directory = trafficDirectory(2_000);
const sample = readFileSync(
  join(import.meta.dirname, '../fixtures/curri/samples/01-request-cucm-capture-translationpattern.xml'),
  'utf8',
);

type Message = { ready: number } | { ingest: string } | { ingested: string };

const configFor = (url: string, dir: string): Config =>
  configSchema.parse({
    database: { url },
    logging: { level: 'info' },
    general: { dataDir: dir },
    cdr: { enabled: false },
    tariffs: { watch: false },
  });

/** External calls from every 37th line (one in ten locked), internal calls, an emergency call now and then. */
function requests(): autocannon.Request[] {
  return Array.from({ length: 64 }, (_, i) => {
    const calling = directory.extensions[(i * 37) % directory.extensions.length] as string;
    const called =
      i % 16 === 15
        ? '112'
        : i % 4 === 3
          ? (directory.extensions[(i * 11) % 100] as string)
          : `03${31 + (i % 40)}${1_000_000 + i * 7_919}`;
    const body = sample.replace(/>2001</g, `>${calling}<`).replace(/>9005551234</g, `>${called}<`);
    return { method: 'POST', path: '/curri', headers: { 'content-type': 'text/xml; charset=ISO-8859-1' }, body };
  });
}

async function runDaemon(url: string, dir: string): Promise<void> {
  const config = configFor(url, dir);
  const log = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: true }));
  const tollgate = await composeTollgate(config, { log });
  await tollgate.start();
  const server = createServer({ keepAliveTimeout: 65_000 }, tollgate.requestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', (m: Message) => {
    if (!('ingest' in m)) return;
    const started = Date.now();
    void ingestFiles([m.ingest], {
      config,
      database: { url },
      log,
      events: tollgate.events,
      origin: tollgate.changes.origin,
    }).then((s) => {
      process.send?.({
        ingested: `${s.records.stored.toLocaleString('en')} calls in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      } satisfies Message);
    });
  });
  process.send?.({ ready: (server.address() as AddressInfo).port } satisfies Message);
}

function start(url: string, dir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(import.meta.filename, ['--daemon', url, dir], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`daemon exited ${code}`)));
    child.on('message', (m: Message) => 'ready' in m && resolve({ child, port: m.ready }));
  });
}

interface Run {
  perSecond: number;
  p50: number;
  p99: number;
}

async function load(port: number, conns: number): Promise<Run> {
  const r = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: conns,
    duration: seconds,
    requests: requests(),
  });
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0)
    throw new Error(`port ${port}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return { perSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

const fmt = (r: Run) =>
  `${Math.round(r.perSecond).toLocaleString('en').padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  ` +
  `p99 ${r.p99.toFixed(1)} ms`;

async function main(): Promise<void> {
  if (!serverUrl.startsWith('postgres')) {
    console.log('curri-cluster needs PostgreSQL: set BENCH_DATABASE_URL (or TEST_DATABASE_URL); skipped');
    return;
  }
  const tmp = makeTempDir('tollgate-cluster-bench-');
  const name = `tollgate_bench_${process.pid}`;
  const url = serverUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const admin = createDataSource({ url: serverUrl });
  await admin.initialize();
  await admin.query(`CREATE DATABASE "${name}"`);
  const children: ChildProcess[] = [];
  try {
    console.log(
      `${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; ${connections} connections, ${seconds} s per run`,
    );
    const setup = await composeTollgate(configFor(url, tmp.path), { log: pino({ level: 'silent' }) });
    writeFileSync(
      join(tmp.path, 'lines.csv'),
      `extension,partition,site\n` +
        `${directory.extensions.map((e) => `${e},${directory.partition},default`).join('\n')}\n`,
    );
    await setup.directoryImport.importFiles([join(tmp.path, 'lines.csv')]);
    for (const [i, ext] of directory.extensions.entries()) {
      if (i % 10 === 0)
        await setup.locks.setLock({ extension: ext, partition: directory.partition }, 'admin', {
          actor: 'bench',
          via: 'cli',
          role: 'admin',
        });
    }
    await setup.stop();
    const files = ['A', 'B'].map((c) => join(tmp.path, `cdr_Cluster${c}_01_202611231200_1`));
    await Promise.all(
      files.map((f, i) => writeGeneratedCdrFile(f, { records, directory, seed: 42 + i, clusterId: `Cluster${i}` })),
    );
    const a = await start(url, join(tmp.path, 'a'));
    const b = await start(url, join(tmp.path, 'b'));
    children.push(a.child, b.child);
    await load(a.port, connections);
    await load(b.port, connections);
    const idle = await load(a.port, connections);
    console.log(`one daemon, idle:           ${fmt(idle)}`);
    const done = [a, b].map(
      (d) =>
        new Promise<string>((resolve) => d.child.on('message', (m: Message) => 'ingested' in m && resolve(m.ingested))),
    );
    let finished = 0;
    for (const d of done) void d.then(() => finished++);
    a.child.send({ ingest: files[0] as string } satisfies Message);
    b.child.send({ ingest: files[1] as string } satisfies Message);
    await new Promise((r) => setTimeout(r, 2000));
    const during: Array<{ a: Run; b: Run }> = [];
    while (finished === 0 && during.length < maxRuns) {
      const [ra, rb] = await Promise.all([load(a.port, connections / 2), load(b.port, connections / 2)]);
      if (finished > 0) break;
      during.push({ a: ra, b: rb });
      console.log(`two daemons, both ingesting: A ${fmt(ra)} | B ${fmt(rb)}`);
    }
    if (finished === 2) console.log(`ingest: A ${await done[0]}, B ${await done[1]}`);
    if (during.length === 0) {
      console.log('=> the ingest ended before a full measured run: raise CLUSTER_BENCH_RECORDS');
      return;
    }
    const together = during.map((r) => r.a.perSecond + r.b.perSecond);
    const p99 = Math.max(...during.flatMap((r) => [r.a.p99, r.b.p99]));
    console.log(
      `=> two daemons ingesting / one idle: throughput ` +
        `${(Math.min(...together) / idle.perSecond).toFixed(2)} (worst run), p99 ${p99.toFixed(1)} ` +
        `ms vs ${idle.p99.toFixed(1)} ms idle (ratio ${(p99 / idle.p99).toFixed(1)})`,
    );
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.destroy();
    tmp.cleanup();
  }
}

if (process.argv[2] === '--daemon') await runDaemon(process.argv[3] as string, process.argv[4] as string);
else await main();
