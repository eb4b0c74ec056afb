import schedule, { type Job } from 'node-schedule';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';

export interface RenewalSchedulerDeps {
  clock: Clock;
  log: Logger;
  /** The earliest end of a current period, or null when there is none. */
  nextBoundary(): Date | null;
  /** Resolves false when another daemon renews (it holds the lease): asked again a little later, in case it died. */
  renew(): Promise<boolean | void>;
}

const MIN_DELAY_MS = 250;
const RETRY_DELAY_MS = 30_000;
const NOT_OURS_DELAY_MS = 5_000;

/**
 * One node-schedule job at the next period boundary: it renews, then plans the
 * next one. The delay is measured on the engine's clock, so a boundary already
 * passed runs at once (catch-up) and a failed run is retried.
 */
export function createRenewalScheduler(deps: RenewalSchedulerDeps) {
  let job: Job | null = null;
  let stopped = true;

  function plan(delayFloorMs = MIN_DELAY_MS): void {
    job?.cancel();
    job = null;
    if (stopped) return;
    const boundary = deps.nextBoundary();
    if (boundary === null) return;
    const delay = Math.max(delayFloorMs, boundary.getTime() - deps.clock.now().getTime());
    job = schedule.scheduleJob(new Date(Date.now() + delay), () => {
      deps.renew().then(
        (ran) => plan(ran === false ? NOT_OURS_DELAY_MS : MIN_DELAY_MS),
        (err: unknown) => {
          deps.log.error({ err }, 'budget renewal failed; retrying');
          plan(RETRY_DELAY_MS);
        },
      );
    });
  }

  return {
    start(): void {
      stopped = false;
      plan();
    },
    /** Call when budgets or periods changed: the next boundary may have moved. */
    reschedule: (): void => plan(),
    /** When the next run is planned (real time), or null. */
    nextRun: (): Date | null => job?.nextInvocation() ?? null,
    stop(): void {
      stopped = true;
      job?.cancel();
      job = null;
    },
  };
}
