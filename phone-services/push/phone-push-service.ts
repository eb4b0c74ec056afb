import type { Logger } from 'pino';
import type { EventBus } from '../../src/events/index.js';
import type { PhoneDirectory } from '../phone-directory.js';
import { noPhoneMetrics, type PhoneMetrics } from '../phone-metrics.js';
import { createPhoneUrls } from '../phone-urls.js';
import { renderExecute } from '../xml/render-execute.js';
import { postToPhone, type PhonePostResult } from './post-to-phone.js';

export interface PushSettings {
  enabled: boolean;
  username: string;
  password: string;
  phonePort: number;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  priority: number;
  concurrency: number;
}

export interface PhonePushDeps {
  directory: Pick<PhoneDirectory, 'lineById'>;
  events: EventBus;
  log: Logger;
  push: PushSettings;
  /** Where phones reach Tollgate (the notice URL they fetch). */
  publicBaseUrl: () => string;
  metrics?: PhoneMetrics;
}

/**
 * Notices to phones after lock changes. Never blocks or fails a lock change: pushes run queued, retried, and are
 * logged.
 */
export interface PhonePushService {
  start(): void;
  stop(): Promise<void>;
  /** Resolves once nothing is queued, waiting for a retry, or in flight. */
  idle(): Promise<void>;
}

interface Job {
  key: string;
  device: string;
  ip: string;
  lineId: number;
  attempt: number;
}

/** Older phones take at most 512 bytes per pushed object (Dev Notes, HTTP POST). */
const classicPushLimit = 512;

export function createPhonePushService(deps: PhonePushDeps): PhonePushService {
  const log = deps.log.child({ module: 'phone-push' });
  const settings = deps.push;
  const metrics = deps.metrics ?? noPhoneMetrics;
  const queue: Job[] = [];
  const keys = new Set<string>();
  const again = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let active = 0;
  let stopped = false;
  let unsubscribe: (() => void) | null = null;
  const idleWaiters: Array<() => void> = [];
  let resolving = 0;

  const busy = () => queue.length > 0 || active > 0 || timers.size > 0 || resolving > 0;
  const settle = () => {
    if (busy()) return;
    for (const resolve of idleWaiters.splice(0)) resolve();
  };

  function enqueue(job: Job): void {
    if (stopped) return;
    if (keys.has(job.key)) {
      // One notice per phone and line is enough: the phone fetches the state current at that moment.
      if (job.attempt === 0 && !queue.some((q) => q.key === job.key)) again.add(job.key);
      return;
    }
    keys.add(job.key);
    queue.push(job);
    pump();
  }

  function pump(): void {
    while (!stopped && active < settings.concurrency && queue.length > 0) {
      const job = queue.shift() as Job;
      active++;
      void send(job).finally(() => {
        active--;
        pump();
        settle();
      });
    }
  }

  async function send(job: Job): Promise<void> {
    const url = createPhoneUrls(deps.publicBaseUrl(), job.device).notice(job.lineId);
    const xml = renderExecute({ items: [{ url, priority: settings.priority as 0 | 1 | 2 }] });
    const formBytes = `XML=${encodeURIComponent(xml)}`.length;
    if (formBytes > classicPushLimit)
      log.warn(
        { device: job.device, bytes: formBytes },
        'push larger than 512 bytes: older phones may refuse it; shorten http.publicUrl',
      );
    let result: PhonePostResult;
    try {
      result = await postToPhone({
        ip: job.ip,
        port: settings.phonePort,
        username: settings.username,
        password: settings.password,
        xml,
        timeoutMs: settings.timeoutMs,
      });
    } catch (err) {
      result = { ok: false, retry: true, reason: (err as Error).message };
    }
    const fields = { device: job.device, ip: job.ip, lineId: job.lineId, attempt: job.attempt + 1 };
    if (result.ok) {
      log.info(fields, 'lock notice pushed');
      metrics.push('delivered');
      finish(job);
      return;
    }
    if (!result.retry) {
      // Refused credentials or a rejected object will not heal by retrying: a person must act.
      log.error(
        { ...fields, reason: result.reason },
        'phone refused the lock notice: check phone.push credentials and the phone authentication URL',
      );
      metrics.push('refused');
      finish(job);
      return;
    }
    if (job.attempt >= settings.retries || stopped) {
      log.warn({ ...fields, reason: result.reason }, 'lock notice not delivered: giving up');
      metrics.push('given-up');
      finish(job);
      return;
    }
    const delay = settings.retryDelayMs * 2 ** job.attempt;
    log.warn({ ...fields, reason: result.reason, retryInMs: delay }, 'lock notice push failed: will retry');
    metrics.push('retrying');
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) {
        finish(job);
        settle();
        return;
      }
      queue.push({ ...job, attempt: job.attempt + 1 });
      pump();
    }, delay);
    timers.add(timer);
  }

  function finish(job: Job): void {
    keys.delete(job.key);
    if (again.delete(job.key)) enqueue({ ...job, attempt: 0 });
  }

  async function onLockChanged(lineId: number): Promise<void> {
    const line = await deps.directory.lineById(lineId);
    for (const device of line?.devices ?? []) {
      if (!device.ipAddress) continue;
      enqueue({ key: `${device.name}#${lineId}`, device: device.name, ip: device.ipAddress, lineId, attempt: 0 });
    }
  }

  return {
    start() {
      if (!settings.enabled) return;
      if (settings.username === '' || settings.password === '') {
        log.warn('phone.push.username and phone.push.password are not set: lock notices are not pushed to phones');
        return;
      }
      unsubscribe = deps.events.on('lock.changed', (event) => {
        resolving++;
        onLockChanged(event.lineId)
          .catch((err: unknown) =>
            log.warn({ err, lineId: event.lineId }, 'could not find the phones of a line to notify'),
          )
          .finally(() => {
            resolving--;
            settle();
          });
      });
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      queue.length = 0;
      keys.clear();
      again.clear();
      settle();
      if (active > 0) await new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    idle() {
      if (!busy()) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
