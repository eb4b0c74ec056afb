// Times portal pages one request at a time against a daemon in this process: per page the p50/p95 of the
// client's wall time AND of the server's CPU time per request (process CPU, every thread: the main
// thread, the SQLite reader thread, GC, from the request's arrival to the response's last byte; the
// client only waits in between), beside a reference page measured in the same run and the load average.
// On a machine shared with other work, wall time is noise; CPU time and ratios are what compare.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BENCH_PASSWORD } from './portal-bench-store.js';

export interface PageFigures {
  status: number;
  bytes: number;
  wall: { p50: number; p95: number };
  cpu: { p50: number; p95: number };
}

export interface PageServer {
  base: string;
  signIn(username: string): Promise<string>;
  measure(url: string, cookie: string, rounds: number, before?: () => void): Promise<PageFigures>;
  close(): Promise<void>;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

/** Serves `listener` on loopback, recording the CPU time of each request. */
export async function servePages(listener: RequestListener): Promise<PageServer> {
  let finished: Promise<number> = Promise.resolve(0);
  const server = createServer((req, res) => {
    const start = process.cpuUsage();
    finished = new Promise((resolve) =>
      res.on('close', () => {
        const d = process.cpuUsage(start);
        resolve((d.user + d.system) / 1000);
      }),
    );
    listener(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    async signIn(username) {
      const res = await fetch(`${base}/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password: BENCH_PASSWORD }).toString(),
      });
      return (res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    },
    async measure(url, cookie, rounds, before) {
      const walls: number[] = [];
      const cpus: number[] = [];
      let status = 0;
      let bytes = 0;
      for (let i = 0; i < rounds + 3; i++) {
        before?.();
        const t0 = performance.now();
        const res = await fetch(`${base}${url}`, { headers: { cookie }, redirect: 'manual' });
        bytes = (await res.arrayBuffer()).byteLength;
        const wall = performance.now() - t0;
        const cpu = await finished;
        status = res.status;
        if (i >= 3) {
          walls.push(wall);
          cpus.push(cpu);
        }
      }
      walls.sort((a, b) => a - b);
      cpus.sort((a, b) => a - b);
      return {
        status,
        bytes,
        wall: { p50: quantile(walls, 0.5), p95: quantile(walls, 0.95) },
        cpu: { p50: quantile(cpus, 0.5), p95: quantile(cpus, 0.95) },
      };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const loadAverage = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

/** One report line; `target` 0 marks a reference. The verdict is on CPU p95 (wall p95 beside it). */
export function pageLine(name: string, f: PageFigures, reference: PageFigures | null, target: number): string {
  const ms = (v: number) => v.toFixed(1).padStart(7);
  const ratio = reference ? `×${(f.wall.p95 / reference.wall.p95).toFixed(1).padStart(5)} wall` : '';
  const verdict =
    target === 0
      ? ''
      : `cpu ${f.cpu.p95 <= target ? 'ok' : 'OVER'} / wall ${f.wall.p95 <= target ? 'ok' : 'OVER'} ${target} ms`;
  return (
    `  ${name.padEnd(46)} ${String(f.status).padEnd(4)}${String(Math.round(f.bytes / 1024)).padStart(4)} kB` +
    `  wall p50${ms(f.wall.p50)} p95${ms(f.wall.p95)}  cpu p50${ms(f.cpu.p50)} p95${ms(f.cpu.p95)} ` +
    `ms  ${ratio}  ${verdict}`
  );
}

/** Scales to run in one process, from BENCH_WEB_SCALES ("1000000x20000,10000000x20000"): calls × users. */
export function scalesOf(text: string | undefined, fallback: string): Array<{ calls: number; users: number }> {
  return (text ?? fallback).split(',').map((s) => {
    const [calls, users] = s.split('x').map(Number);
    if (!calls || !users) throw new Error(`bad scale "${s}": calls x users, e.g. 1000000x20000`);
    return { calls, users };
  });
}
