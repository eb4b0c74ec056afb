// CURRI: Tollgate's /curri endpoint against a bare node:http server answering a
// canned permit, measured in the same run by autocannon at 32 connections; then
// Tollgate's latency while a 1M-line CDR file is being ingested by the same daemon, then while the daemon's
// retention purge deletes those calls again (as `retention.calls: 1` would, the file's calls being days old).
// Each server runs in its own process (the daemon fully composed, with a SQLite
// store, 2,000 lines of which 10% locked, logging at info to /dev/null).
// The load generator is autocannon, in this process; CURRI_BENCH_LOADGEN=wrk
// uses Debian's `wrk` (one thread) instead. On a 2-core machine the generator
// shares the cores with the server, and the two load differently: autocannon
// costs about 25 µs of CPU per request and sends in bursts; wrk costs under
// 1 µs and sends each connection's next request as soon as its answer arrives,
// so the server sleeps and wakes more often. Compare runs of the same generator.
// Usage: npm run bench -- curri
//   CURRI_BENCH_SECONDS=5 per measured run, CURRI_BENCH_ROUNDS=4 (each a bare run then a Tollgate run:
//   this VM's speed drifts by ±25 % within minutes, so each round's ratio compares neighbours),
//   CURRI_BENCH_CDR_RECORDS=1000000 (0 skips the ingest and purge parts), CURRI_BENCH_PURGE=0 (skips the purge),
//   CURRI_BENCH_LOADGEN=autocannon|wrk,
//   CURRI_BENCH_NODE_FLAGS='--max-semi-space-size=8' (space-separated node flags for the daemon's process only),
//   CURRI_BENCH_WORKING_HOURS=1 (every external call checks working hours: every day, 00:00-23:59 in Rome)
import { fork, spawn, spawnSync, type ChildProcess } from 'node:child_process';
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
import { configSchema } from '../src/config/index.js';
import { builtinRetentionKinds } from '../src/retention/index.js';
import { makeTempDir } from '../test/harness/index.js';
import { destinationTypes } from '../tariffs/index.js';

const seconds = Number(process.env.CURRI_BENCH_SECONDS ?? 5);
const rounds = Number(process.env.CURRI_BENCH_ROUNDS ?? 4);
const cdrRecords = Number(process.env.CURRI_BENCH_CDR_RECORDS ?? 1_000_000);
const connections = 32;
const loadGenerator = process.env.CURRI_BENCH_LOADGEN ?? 'autocannon';
const workingHours =
  process.env.CURRI_BENCH_WORKING_HOURS === '1'
    ? {
        enabled: true,
        days: [1, 2, 3, 4, 5, 6, 7],
        start: '00:00',
        end: '23:59',
        destinationTypes: [...destinationTypes, 'international'],
      }
    : {};
if (loadGenerator !== 'autocannon' && loadGenerator !== 'wrk')
  throw new Error(`CURRI_BENCH_LOADGEN=${loadGenerator}: autocannon or wrk`);
const directory = trafficDirectory(2_000);
const lockedEvery = 10;
const sample = readFileSync(
  join(import.meta.dirname, '../fixtures/curri/samples/01-request-cucm-capture-translationpattern.xml'),
  'utf8',
);
const cannedPermit =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Result><Decision>Permit</Decision><Status>' +
  '</Status><Obligations><Obligation FulfillOn="Permit" ' +
  'ObligationId="urn:cisco:xacml:policy-attribute"><AttributeAssignment ' +
  'AttributeId="Policy:simplecontinue"><AttributeValue ' +
  'DataType="http://www.w3.org/2001/XMLSchema#string">&lt;cixml ' +
  'ver="1.0"&gt;&lt;continue&gt;&lt;/continue&gt;&lt;/cixml&gt;</AttributeValue>' +
  '</AttributeAssignment></Obligation></Obligations></Result></Response>';

type Message =
  | { ready: number }
  | { ingest: string }
  | { ingested: string; failed?: string }
  | { purge: true }
  | { purged: string; failed?: string }
  | { cpu: 'ask' }
  | { cpuMicros: number };

/**
 * Children report the CPU time they used (user + system), so per-request costs can be compared whatever else loads
 * the machine.
 */
function answerCpuQueries(): void {
  process.on('message', (m: Message) => {
    if ('cpu' in m) {
      const used = process.cpuUsage();
      process.send?.({ cpuMicros: used.user + used.system } satisfies Message);
    }
  });
}

/** The captured CUCM request with other numbers: a call from `calling` to `called`. */
function body(calling: string, called: string): string {
  return sample.replace(/>2001</g, `>${calling}<`).replace(/>9005551234</g, `>${called}<`);
}

/**
 * A mix of what CUCM asks all day: external calls from free and locked lines, internal calls, the odd emergency
 * call.
 */
function requestMix(): autocannon.Request[] {
  const requests: autocannon.Request[] = [];
  for (let i = 0; i < 64; i++) {
    const calling = directory.extensions[(i * 37) % directory.extensions.length] as string;
    const called =
      i % 16 === 15
        ? '112'
        : i % 4 === 3
          ? (directory.extensions[(i * 11) % 100] as string)
          : `03${String(31 + (i % 40))}${String(1_000_000 + i * 7_919)}`;
    requests.push({
      method: 'POST',
      path: '/curri',
      headers: { 'content-type': 'text/xml; charset=ISO-8859-1', connection: 'Keep-Alive' },
      body: body(calling, called),
    });
  }
  return requests;
}

// --- child roles ---------------------------------------------------------

async function runBare(): Promise<void> {
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        'Content-Type': 'text/xml; charset=utf-8',
        'Content-Length': Buffer.byteLength(cannedPermit),
      });
      res.end(cannedPermit);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  answerCpuQueries();
  process.send?.({ ready: (server.address() as AddressInfo).port } satisfies Message);
}

async function runDaemon(dir: string): Promise<void> {
  const url = `sqlite:${join(dir, 'tollgate.db')}`;
  const config = configSchema.parse({
    database: { url },
    logging: { level: 'info' },
    general: { dataDir: dir },
    curri: { workingHours },
  });
  // Logging as in production (info, one line per decision), written where it costs the same but does not flood the
  // console.
  const log = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: true }));
  const tollgate = await composeTollgate(config, { log });
  const lines = ['extension,partition,site'];
  for (const ext of directory.extensions) lines.push(`${ext},${directory.partition},default`);
  writeFileSync(join(dir, 'lines.csv'), `${lines.join('\n')}\n`);
  await tollgate.directoryImport.importFiles([join(dir, 'lines.csv')]);
  for (const [i, ext] of directory.extensions.entries()) {
    if (i % lockedEvery === 0)
      await tollgate.locks.setLock({ extension: ext, partition: directory.partition }, 'admin', {
        actor: 'bench',
        via: 'cli',
        role: 'admin',
      });
  }
  await tollgate.start();
  const server = createServer({ keepAliveTimeout: 65_000 }, tollgate.requestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.on('message', (m: Message) => {
    if (!('ingest' in m)) return;
    const started = Date.now();
    void ingestFiles([m.ingest], { config, database: { url }, log, events: tollgate.events }).then((summary) => {
      const seconds = (Date.now() - started) / 1000;
      const failed = summary.failures.map((f) => f.error).join('; ');
      process.send?.({
        ingested: `${summary.records.stored.toLocaleString('en')} calls stored in ${seconds.toFixed(1)} s`,
        ...(failed ? { failed } : {}),
      } satisfies Message);
    });
  });
  process.on('message', (m: Message) => {
    if (!('purge' in m)) return;
    // What a daemon with retention.calls = 1 purges: the calls (a day old and more) and their summaries.
    for (const kind of builtinRetentionKinds(configSchema.parse({ retention: { calls: 1 } }).retention))
      if (kind.table.startsWith('call')) tollgate.retention.register(kind);
    const started = Date.now();
    void tollgate.retention.purgeNow().then(
      (records) => {
        const calls = records.find((r) => r.kind === 'calls')?.deleted ?? 0;
        const seconds = (Date.now() - started) / 1000;
        process.send?.({ purged: `${calls.toLocaleString('en')} calls purged in ${seconds.toFixed(1)} s` });
      },
      (err: unknown) => process.send?.({ purged: '', failed: String(err) } satisfies Message),
    );
  });
  answerCpuQueries();
  process.send?.({ ready: (server.address() as AddressInfo).port } satisfies Message);
}

// --- the measuring parent ------------------------------------------------

function start(role: string, ...args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const flags = role === '--daemon' ? (process.env.CURRI_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean) : [];
  const child = fork(import.meta.filename, [role, ...args], {
    execArgv: [...flags, '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${role} exited ${code}`)));
    child.on('message', (m: Message) => {
      if ('ready' in m) resolve({ child, port: m.ready });
    });
  });
}

function cpuOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const listener = (m: Message) => {
      if ('cpuMicros' in m) {
        child.off('message', listener);
        resolve(m.cpuMicros);
      }
    };
    child.on('message', listener);
    child.send({ cpu: 'ask' } satisfies Message);
  });
}

/** One measured run: requests per second, latency percentiles in ms, and the server's CPU per request. */
interface Run {
  perSecond: number;
  total: number;
  p50: number;
  p99: number;
  max: number;
  cpuPerRequestUs: number;
}

async function measure(server: { child: ChildProcess; port: number }, duration: number): Promise<Run> {
  const before = await cpuOf(server.child);
  const result =
    loadGenerator === 'wrk' ? await runWrk(server.port, duration) : await runAutocannon(server.port, duration);
  const used = (await cpuOf(server.child)) - before;
  return { ...result, cpuPerRequestUs: used / Math.max(1, result.total) };
}

async function runAutocannon(port: number, duration: number): Promise<Omit<Run, 'cpuPerRequestUs'>> {
  const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration, requests: requestMix() });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`port ${port}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  const { latency } = result;
  return {
    perSecond: result.requests.average,
    total: result.requests.total,
    p50: latency.p50,
    p99: latency.p99,
    max: latency.max,
  };
}

let wrkScript: string | null = null;

/** The request mix as a wrk script: each connection cycles through the same 64 bodies. */
function writeWrkScript(dir: string): string {
  const requests = requestMix().map((r) => {
    const headers = Object.entries(r.headers ?? {}).map(([k, v]) => `[${JSON.stringify(k)}] = ${JSON.stringify(v)}`);
    return (
      `wrk.format(${JSON.stringify(r.method)}, ${JSON.stringify(r.path)}, { ` +
      `${headers.join(', ')} }, [==[${r.body as string}]==])`
    );
  });
  const script = join(dir, 'curri-mix.lua');
  writeFileSync(
    script,
    `local requests = {}\nlocal i = 0\ninit = function(args)\n  requests = { ` +
      `${requests.join(',\n')} }\nend\nrequest = function()\n  i = i % #requests + 1\n  return requests[i]\nend\n`,
  );
  return script;
}

/** Milliseconds from wrk's "1.23ms" / "456.00us" / "1.02s". */
function wrkMillis(text: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!m) throw new Error(`wrk printed an unexpected latency "${text}"`);
  const value = Number(m[1]);
  return m[2] === 'us' ? value / 1000 : m[2] === 's' ? value * 1000 : value;
}

function runWrk(port: number, duration: number): Promise<Omit<Run, 'cpuPerRequestUs'>> {
  if (wrkScript === null) throw new Error('wrk script not written');
  const args = [
    '-t1',
    `-c${connections}`,
    `-d${duration}s`,
    '--latency',
    '-s',
    wrkScript,
    `http://127.0.0.1:${port}/curri`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const pick = (re: RegExp) => re.exec(out)?.[1];
      const total = Number(pick(/(\d+) requests in /));
      const perSecond = Number(pick(/Requests\/sec:\s+([\d.]+)/));
      const p50 = pick(/\s50%\s+(\S+)/);
      const p99 = pick(/\s99%\s+(\S+)/);
      const max = pick(/Latency\s+\S+\s+\S+\s+(\S+)/);
      const problems = [pick(/(Non-2xx or 3xx responses: \d+)/), pick(/(Socket errors: .*)/)].filter(
        (p) => p !== undefined,
      );
      if (code !== 0 || !p50 || !p99 || !max || !(total > 0)) return reject(new Error(`wrk exited ${code}:\n${out}`));
      if (problems.length > 0) return reject(new Error(`port ${port}: ${problems.join('; ')}`));
      resolve({ perSecond, total, p50: wrkMillis(p50), p99: wrkMillis(p99), max: wrkMillis(max) });
    });
  });
}

const ms = (v: number) => (v < 10 ? v.toFixed(1) : v.toFixed(0));
const line = (name: string, r: Run) =>
  `${name.padEnd(9)} ${Math.round(r.perSecond).toLocaleString('en').padStart(7)} req/s   p50 ` +
  `${ms(r.p50)} ms   p99 ${ms(r.p99)} ms   max ${ms(r.max)} ms   server CPU ${r.cpuPerRequestUs.toFixed(0)} µs/request`;

/**
 * Tollgate's latency, run after run, while the daemon works on `job` (an ingest, a purge) until it reports `done`;
 * a run the job ended during is not counted. Answers whether the job succeeded.
 */
async function measureWhile(
  daemon: { child: ChildProcess; port: number },
  job: Message,
  done: 'ingested' | 'purged',
  name: string,
): Promise<'ingested' | 'purged' | 'failed'> {
  let failed: string | undefined;
  const report = new Promise<string>((resolve) =>
    daemon.child.on('message', (m: Message) => {
      if (!(done in m)) return;
      const answer = m as { failed?: string } & Record<typeof done, string>;
      failed = answer.failed;
      resolve(answer[done]);
    }),
  );
  daemon.child.send(job);
  let finished = false;
  void report.then(() => (finished = true));
  await new Promise((r) => setTimeout(r, 2000));
  const during: Run[] = [];
  while (!finished) {
    const r = await measure(daemon, Math.min(seconds, 10));
    if (!finished) during.push(r);
    console.log(`  during ${name}${finished ? ' (ended meanwhile, not counted)' : ''}: ${line('tollgate', r)}`);
  }
  console.log(`${name}: ${await report}`);
  if (failed) {
    // The runs above measured a daemon whose job was failing, not one doing it: no figure.
    console.log(`=> the ${name} FAILED (${failed}): no figure during it`);
    return 'failed';
  }
  if (during.length > 0)
    console.log(
      `=> Tollgate p99 during the ${name} ${ms(Math.max(...during.map((r) => r.p99)))} ms over ` +
        `${during.length} run(s) (target <= 20 ms)`,
    );
  else console.log(`=> the ${name} ended before a full measured run: raise CURRI_BENCH_CDR_RECORDS`);
  return done;
}

async function main(): Promise<void> {
  const tmp = makeTempDir('tollgate-curri-bench-');
  const children: ChildProcess[] = [];
  try {
    console.log(
      `${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}; ${loadGenerator}, ${connections} connections, ${seconds} s per run` +
        `, working hours ${'enabled' in workingHours ? 'checked' : 'off'}`,
    );
    if (loadGenerator === 'wrk') wrkScript = writeWrkScript(tmp.path);
    const cdrFile = join(tmp.path, 'cdr_StandAloneCluster_01_202611231200_1');
    if (cdrRecords > 0) {
      const t0 = Date.now();
      const gen = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--generate', cdrFile], {
        encoding: 'utf8',
        env: process.env,
      });
      if (gen.status !== 0) throw new Error(`generating the CDR file failed: ${gen.stderr}`);
      console.log(
        `generated a ${cdrRecords.toLocaleString('en')}-record CDR file in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
      );
    }
    const bare = await start('--bare');
    const daemon = await start('--daemon', tmp.path);
    children.push(bare.child, daemon.child);
    await measure(bare, 3);
    await measure(daemon, 3);
    const runs: Array<{ bare: Run; tollgate: Run }> = [];
    for (let round = 1; round <= rounds; round++) {
      const b = await measure(bare, seconds);
      const t = await measure(daemon, seconds);
      runs.push({ bare: b, tollgate: t });
      console.log(
        `round ${round}: ratio ${(t.perSecond / b.perSecond).toFixed(2)}\n  ${line('bare', b)}\n  ` +
          `${line('tollgate', t)}`,
      );
    }
    const sum = (k: 'bare' | 'tollgate') => runs.reduce((n, r) => n + r[k].perSecond, 0);
    const ratios = runs.map((r) => r.tollgate.perSecond / r.bare.perSecond).sort((a, b) => a - b);
    const median =
      ratios.length % 2 === 1
        ? (ratios[(ratios.length - 1) / 2] as number)
        : ((ratios[ratios.length / 2 - 1] as number) + (ratios[ratios.length / 2] as number)) / 2;
    const worstP99 = ms(Math.max(...runs.map((r) => r.tollgate.p99)));
    const worstP50 = ms(Math.max(...runs.map((r) => r.tollgate.p50)));
    const cpu = (k: 'bare' | 'tollgate') => runs.reduce((n, r) => n + r[k].cpuPerRequestUs, 0) / runs.length;
    console.log(
      `=> Tollgate/bare throughput ratio ${(sum('tollgate') / sum('bare')).toFixed(2)} over all ` +
        `rounds; per round ${ratios.map((r) => r.toFixed(2)).join(', ')}, median ${median.toFixed(2)} (target >= 0.6)`,
    );
    console.log(
      `=> server CPU per request: bare ${cpu('bare').toFixed(0)} µs, Tollgate ` +
        `${cpu('tollgate').toFixed(0)} µs (ratio ${(cpu('bare') / cpu('tollgate')).toFixed(2)})`,
    );
    console.log(
      `=> Tollgate p50 ${worstP50} ms, p99 ${worstP99} ms at ${connections} connections (target p99 <= 5 ms)`,
    );

    if (cdrRecords > 0) {
      const ingest = await measureWhile(daemon, { ingest: cdrFile }, 'ingested', 'ingest');
      if (ingest === 'ingested' && process.env.CURRI_BENCH_PURGE !== '0')
        await measureWhile(daemon, { purge: true }, 'purged', 'purge');
    }
  } finally {
    for (const child of children) child.kill('SIGKILL');
    tmp.cleanup();
  }
}

const role = process.argv[2];
if (role === '--generate') {
  await writeGeneratedCdrFile(process.argv[3] as string, { records: cdrRecords, directory, seed: 42 });
} else if (role === '--bare') {
  await runBare();
} else if (role === '--daemon') {
  await runDaemon(process.argv[3] as string);
} else {
  await main();
}
