import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { createManualClock } from '../clock.js';
import { createCluster, type Cluster } from './index.js';

const log = pino({ level: 'silent' });
const settings = { heartbeatSeconds: 60, leaseSeconds: 10 };

describe.each(databaseKindsUnderTest())('leases across daemons (%s)', (kind) => {
  let db: TestDatabase;
  const clock = createManualClock('2026-12-01T10:00:00Z');
  const daemon = (id: string): Cluster =>
    createCluster({ dataSource: db.dataSource, clock, log, settings, daemon: { id, host: 'host', pid: 1 } });
  let a: Cluster;
  let b: Cluster;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    a = daemon('daemon-a');
    b = daemon('daemon-b');
    await a.start();
    await b.start();
  });
  afterAll(async () => {
    await a.stop();
    await b.stop();
    await db.close();
  });

  it('runs a run-once job in one daemon only, and in another once the holder stops renewing', async () => {
    const runs: string[] = [];
    const job =
      (who: string) =>
      async ({ firstRun }: { firstRun: boolean }) =>
        void runs.push(`${who}${firstRun ? ' first' : ''}`);
    expect(await a.runExclusive('renewal', job('a'))).toBe(true);
    expect(await b.runExclusive('renewal', job('b'))).toBe(false);
    expect(await a.runExclusive('renewal', job('a'))).toBe(true);
    // A renews on its heartbeat: B still cannot take it.
    clock.advance(8_000);
    await a.leases.renew();
    clock.advance(8_000);
    await b.leases.renew();
    expect(await b.runExclusive('renewal', job('b'))).toBe(false);
    // A dies (no more heartbeats): after the lease's length B takes over, and is told it is its first run.
    clock.advance(10_001);
    await b.leases.renew();
    expect(b.leases.holds('renewal')).toBe(true);
    expect(await b.runExclusive('renewal', job('b'))).toBe(true);
    expect(runs).toEqual(['a first', 'a', 'b first']);
    // A comes back: its renewal finds the lease taken and it stops running the job.
    await a.leases.renew();
    expect(a.leases.holds('renewal')).toBe(false);
    expect(await a.runExclusive('renewal', job('a'))).toBe(false);
  });

  it('claims an item of work for one daemon until it is released or its holder dies', async () => {
    const claim = await a.leases.claim('cdr-file:drop-folder:cdr_1');
    expect(claim).not.toBeNull();
    expect(await b.leases.claim('cdr-file:drop-folder:cdr_1')).toBeNull();
    await claim?.release();
    const next = await b.leases.claim('cdr-file:drop-folder:cdr_1');
    expect(next).not.toBeNull();
    clock.advance(10_001);
    // B died holding it: A takes it over.
    expect(await a.leases.claim('cdr-file:drop-folder:cdr_1')).not.toBeNull();
  });

  it('shows each daemon, whether it is alive, and which holds which lease', async () => {
    await b.leases.renew();
    await a.leases.renew();
    const status = await a.status();
    expect(status.daemon).toBe('daemon-a');
    expect(status.daemons.map((d) => d.id).sort()).toEqual(['daemon-a', 'daemon-b']);
    expect(status.leases.find((l) => l.name === 'renewal')?.holder).toBe('daemon-b');
    expect(status.leases.find((l) => l.name === 'cdr-file:drop-folder:cdr_1')?.holder).toBe('daemon-a');
    // Neither has beaten for over a lease's length: both look dead.
    expect(status.daemons.map((d) => d.alive)).toEqual([false, false]);
  });

  it("a clean stop releases the daemon's leases at once", async () => {
    await b.stop();
    const status = await a.status();
    expect(status.leases.map((l) => l.holder)).not.toContain('daemon-b');
    expect(status.daemons.find((d) => d.id === 'daemon-b')?.alive).toBe(false);
    expect(await a.runExclusive('renewal', async () => undefined)).toBe(true);
  });
});
