import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { createRenewalScheduler } from './renewal-scheduler.js';

describe('the renewal scheduler (node-schedule)', () => {
  let stop = () => undefined as void;
  afterEach(() => stop());

  it('runs the renewal when the next boundary passes, then plans the following one', async () => {
    const clock = createManualClock('2026-03-31T21:59:59.800Z');
    let boundary = new Date('2026-03-31T22:00:00Z');
    const runs: string[] = [];
    const scheduler = createRenewalScheduler({
      clock,
      log: pino({ level: 'silent' }),
      nextBoundary: () => boundary,
      renew: async () => {
        clock.set(boundary);
        runs.push(clock.now().toISOString());
        boundary = new Date('2026-04-30T22:00:00Z');
      },
    });
    stop = scheduler.stop;
    scheduler.start();
    await waitUntil(() => runs.length === 1);
    expect(runs).toEqual(['2026-03-31T22:00:00.000Z']);
    // Planned for the end of April: about 30 days of real time from now.
    const next = scheduler.nextRun();
    expect(next).not.toBeNull();
    expect((next as Date).getTime() - Date.now()).toBeGreaterThan(29 * 86_400_000);
  });

  it('runs at once for a boundary already passed (catch-up), and retries a failed run', async () => {
    const clock = createManualClock('2026-04-02T08:00:00Z');
    let attempts = 0;
    const scheduler = createRenewalScheduler({
      clock,
      log: pino({ level: 'silent' }),
      nextBoundary: () => (attempts < 1 ? new Date('2026-04-01T00:00:00Z') : new Date('2026-05-01T00:00:00Z')),
      renew: async () => {
        attempts++;
        if (attempts === 1) throw new Error('database away');
      },
    });
    stop = scheduler.stop;
    scheduler.start();
    await waitUntil(() => attempts === 1);
    // The retry is planned 30 s out, not in a tight loop.
    const next = scheduler.nextRun() as Date;
    expect(next.getTime() - Date.now()).toBeGreaterThan(25_000);
  });

  it('plans nothing when there is no budget', () => {
    const scheduler = createRenewalScheduler({
      clock: createManualClock('2026-01-01'),
      log: pino({ level: 'silent' }),
      nextBoundary: () => null,
      renew: async () => undefined,
    });
    stop = scheduler.stop;
    scheduler.start();
    expect(scheduler.nextRun()).toBeNull();
  });
});

async function waitUntil(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
