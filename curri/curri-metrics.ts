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
  const decisions = new Counter({
    name: 'tollgate_curri_decisions_total',
    help: 'CURRI decisions by outcome and reason.',
    labelNames: ['outcome', 'reason'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'tollgate_curri_decision_seconds',
    help: 'Time from the request reaching Tollgate to the answer being written.',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers,
  });
  const dropped = new Counter({
    name: 'tollgate_curri_records_dropped_total',
    help: 'Decisions not recorded because the database stayed unavailable and the queue was full.',
    registers,
  });
  const bursts = new Counter({ name: 'tollgate_curri_attempt_bursts_total', help: 'Lines that crossed the attempt-burst limit.', registers });
  new Gauge({
    name: 'tollgate_curri_facts_ready',
    help: '1 when the in-memory decision facts (directory, locks, budgets) are loaded.',
    registers,
    collect() {
      this.set(deps.factsReady() ? 1 : 0);
    },
  });
  // Label children are bound once: the hot path then only increments.
  const children = new Map<string, ReturnType<typeof decisions.labels>>();
  for (const outcome of outcomes) {
    for (const reason of decisionReasons) children.set(`${outcome}/${reason}`, decisions.labels(outcome, reason));
  }
  return {
    observe(decision, seconds) {
      children.get(`${decision.outcome}/${decision.reason}`)?.inc();
      latency.observe(seconds);
    },
    recordsDropped: (count) => dropped.inc(count),
    attemptBurst: () => bursts.inc(),
  };
}
