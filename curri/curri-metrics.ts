import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { decisionReasons, type CallDecision, type DecisionOutcome } from './call-decision.js';

/** Prometheus instruments of call control. */
export interface CurriMetrics {
  observe(decision: CallDecision, seconds: number): void;
  recordsDropped(count: number): void;
  attemptBurst(): void;
}

const outcomes: readonly DecisionOutcome[] = ['permit', 'deny', 'divert', 'indeterminate', 'notapplicable'];

export function createCurriMetrics(deps: { registry: Registry; factsReady: () => boolean }): CurriMetrics {
  const registers = [deps.registry];
  // Counted in a plain array on the hot path and added to the counter when Prometheus scrapes.
  const keys = outcomes.flatMap((outcome) => decisionReasons.map((reason) => ({ outcome, reason })));
  const outcomeIndex = new Map(outcomes.map((o, i) => [o, i]));
  const reasonIndex = new Map(decisionReasons.map((r, i) => [r, i]));
  const counted = new Float64Array(keys.length);
  const reported = new Float64Array(keys.length);
  const decisions = new Counter({
    name: 'tollgate_curri_decisions_total',
    help: 'CURRI decisions by outcome and reason.',
    labelNames: ['outcome', 'reason'] as const,
    registers,
    collect() {
      for (let i = 0; i < keys.length; i++) {
        const delta = (counted[i] as number) - (reported[i] as number);
        if (delta > 0) this.inc(keys[i] as { outcome: string; reason: string }, delta);
        reported[i] = counted[i] as number;
      }
    },
  });
  const latency = new Histogram({
    name: 'tollgate_curri_decision_seconds',
    help:
      'Time from the request reaching Tollgate to its answer being ready (written at the end of ' +
      'that event-loop turn).',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  const dropped = new Counter({
    name: 'tollgate_curri_records_dropped_total',
    help: 'Decisions not recorded because the database stayed unavailable and the queue was full.',
    registers,
  });
  const bursts = new Counter({
    name: 'tollgate_curri_attempt_bursts_total',
    help: 'Lines that crossed the attempt-burst limit.',
    registers,
  });
  new Gauge({
    name: 'tollgate_curri_facts_ready',
    help: '1 when the in-memory decision facts (directory, locks, budgets) are loaded.',
    registers,
    collect() {
      this.set(deps.factsReady() ? 1 : 0);
    },
  });
  for (const key of keys) decisions.labels(key.outcome, key.reason);
  return {
    observe(decision, seconds) {
      const o = outcomeIndex.get(decision.outcome);
      const r = reasonIndex.get(decision.reason);
      if (o !== undefined && r !== undefined) {
        const slot = o * decisionReasons.length + r;
        counted[slot] = (counted[slot] as number) + 1;
      }
      latency.observe(seconds);
    },
    recordsDropped: (count) => dropped.inc(count),
    attemptBurst: () => bursts.inc(),
  };
}
