import { Counter, Histogram, type Registry } from 'prom-client';

/** Prometheus instruments of the phone service: screens served (with PIN outcomes) and pushes. */
export interface PhoneMetrics {
  screen(path: string, result: string, seconds: number): void;
  push(result: 'delivered' | 'retrying' | 'given-up' | 'refused'): void;
}

export const noPhoneMetrics: PhoneMetrics = { screen: () => undefined, push: () => undefined };

/** Created once by compose and shared by the router and the push service. */
export function createPhoneMetrics(registry: Registry): PhoneMetrics {
  const registers = [registry];
  const screens = new Counter({
    name: 'tollgate_phone_screens_total',
    help:
      'Phone service screens served, by path and result (ok, or the refusal: WRONG_PIN, ' +
      'TOO_MANY_ATTEMPTS, unknown-device…).',
    labelNames: ['path', 'result'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'tollgate_phone_screen_seconds',
    help: 'Time to answer a phone service request (a PIN check includes one argon2id verification).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const pushes = new Counter({
    name: 'tollgate_phone_pushes_total',
    help:
      'Lock notices pushed to phones: delivered, retrying (a failed attempt), given-up (retries ' +
      'exhausted), refused (credentials or object rejected).',
    labelNames: ['result'] as const,
    registers,
  });
  return {
    screen(path, result, seconds) {
      screens.inc({ path, result });
      latency.observe(seconds);
    },
    push: (result) => pushes.inc({ result }),
  };
}
