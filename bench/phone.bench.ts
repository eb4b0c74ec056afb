// Phone Lock: latency of the phone service's menu and of a PIN check, over HTTP
// against a real SQLite store, and the cost of one argon2id PIN verification.
// A generated directory of 2,000 phones (one line each; 200 with provisioned PINs).
// Usage: npm run bench -- phone   (PHONE_BENCH_SECONDS=10 per HTTP scenario)
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { composeTollgate } from '../src/compose.js';
import { configSchema } from '../src/config/index.js';
import { createPinHasher, pinHashParameters } from '../src/locks/index.js';
import { languages } from '../src/i18n/index.js';
import { makeTempDir } from '../test/harness/index.js';

const seconds = Number(process.env.PHONE_BENCH_SECONDS ?? 10);
const phones = 2000;
const withPin = 200;
const tmp = makeTempDir('tollgate-phone-bench-');
const mac = (i: number) => `SEP0BE0C0${String(i).padStart(6, '0')}`;
const pinOf = (i: number) => String(1000 + ((i * 7919) % 9000)).padStart(4, '0');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function argon2Figures(): Promise<void> {
  const hasher = createPinHasher();
  const hash = await hasher.hash('4821');
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = process.hrtime.bigint();
    await hasher.verify(hash, i % 2 === 0 ? '4821' : '1111');
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: 40 }, () => hasher.verify(hash, '4821')));
  const parallelMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const { type, memoryCost, timeCost, parallelism } = pinHashParameters;
  console.log(
    `argon2 parameters: argon2id (type ${type}), memoryCost ${memoryCost} KiB, timeCost ` +
      `${timeCost}, parallelism ${parallelism}; hash ${hash.length} chars`,
  );
  console.log(
    `argon2id verify, one at a time: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ` +
      `${percentile(times, 99).toFixed(1)} ms`,
  );
  console.log(`argon2id verify, 40 at once (libuv pool): ${(40_000 / parallelMs).toFixed(0)} verifications/s`);
}

function writeDirectory(): string[] {
  const users = ['username,first_name,last_name,language'];
  const lines = ['extension,partition,username,pin'];
  const devices = ['name,model,username,lines'];
  for (let i = 0; i < phones; i++) {
    users.push(`user${i},User,${i},${languages[i % languages.length]}`);
    lines.push(`${40000 + i},PT_Internal,user${i},${i < withPin ? pinOf(i) : ''}`);
    devices.push(`${mac(i)},Cisco 8845,user${i},${40000 + i}/PT_Internal`);
  }
  const files = { 'users.csv': users, 'lines.csv': lines, 'devices.csv': devices };
  return Object.entries(files).map(([name, rows]) => {
    const path = join(tmp.path, name);
    writeFileSync(path, `${rows.join('\n')}\n`);
    return path;
  });
}

async function run(label: string, url: string, requests: Array<{ path: string }>, connections: number): Promise<void> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: requests.map((r) => ({ method: 'GET', path: r.path })),
  });
  const l = result.latency;
  console.log(
    `${label}: ${result.requests.average.toFixed(0)} req/s at ${connections} connections; latency ` +
      `p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, max ${l.max} ms; non-2xx ` +
      `${result.non2xx}, errors ${result.errors}`,
  );
}

console.log(
  `machine: ${cpus().length} CPUs, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} (other work on the machine colours these figures)`,
);
await argon2Figures();
const config = configSchema.parse({
  database: { url: `sqlite:${join(tmp.path, 'bench.db')}` },
  logging: { level: 'warn' },
  phone: { push: { enabled: false } },
});
const tollgate = await composeTollgate(config, { log: pino({ level: 'warn' }) });
const t0 = Date.now();
await tollgate.directoryImport.importFiles(writeDirectory());
console.log(
  `directory: ${phones} phones and lines (${withPin} with PINs) imported in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);
const server = createServer(tollgate.app);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const lineIds = new Map((await tollgate.directory.snapshot()).lines.map((l) => [l.extension, l.id]));
const menus = Array.from({ length: phones }, (_, i) => ({ path: `/phone/menu?name=${mac(i)}` }));
const pinChecks = Array.from({ length: withPin }, (_, i) => ({
  path: `/phone/lock/submit?name=${mac(i)}&line=${lineIds.get(String(40000 + i))}&pin=${pinOf(i)}`,
}));
await run('menu (CiscoIPPhoneMenu, 2,000 phones round-robin)', base, menus, 8);
await run('PIN check (lock submit: argon2id verify + lock)', base, pinChecks, 4);
await run('PIN check (lock submit), 1 connection', base, pinChecks, 1);

await new Promise<void>((resolve) => server.close(() => resolve()));
// autocannon drops its connections mid-request at the end: let those handlers finish before the database closes.
await new Promise((resolve) => setTimeout(resolve, 1000));
await tollgate.stop();
tmp.cleanup();
