import type { DecisionValues } from './curri-decision-store.js';

/**
 * The texts a decision shares with many others, stored once each and named by a code in every decision row:
 * the kind (context, trigger point, outcome, reason, divert destination: a few dozen in a cluster) and the
 * calling device (one a phone).
 */
export interface DecisionTexts {
  kind: readonly [context: string, triggerPoint: string, outcome: string, reason: string, destination: string];
  device: string;
}

/** Positions in DecisionValues (the wire form, in the order `decisionValues` writes). */
const at = {
  decidedAt: 0,
  context: 1,
  calling: 2,
  called: 3,
  transformedCalling: 4,
  transformedCalled: 5,
  device: 6,
  triggerPoint: 7,
  line: 8,
  outcome: 9,
  reason: 10,
  destination: 11,
  latency: 12,
} as const;

const text = (v: DecisionValues, i: number) => String(v[i] ?? '');

export function decisionTexts(v: DecisionValues): DecisionTexts {
  return {
    kind: [
      text(v, at.context),
      text(v, at.triggerPoint),
      text(v, at.outcome),
      text(v, at.reason),
      text(v, at.destination),
    ],
    device: text(v, at.device),
  };
}

/** One key per kind for the code caches (the texts never hold U+0001). */
export const kindKey = (kind: DecisionTexts['kind']): string => kind.join('\u0001');

/** The columns of a curri_decisions row, in `compactDecisionRow`'s order. */
export const compactDecisionColumns = [
  'decided_at',
  'kind_id',
  'line_id',
  'device_id',
  'latency_us',
  'calling_number',
  'called_number',
  'transformed_calling_number',
  'transformed_called_number',
] as const;

/** The row of one decision, given its codes: absent transformed numbers are NULL (no bytes on SQLite). */
export function compactDecisionRow(v: DecisionValues, kindId: number, deviceId: number | null): DecisionValues {
  const orNull = (i: number) => (text(v, i) === '' ? null : text(v, i));
  return [
    v[at.decidedAt] ?? 0,
    kindId,
    v[at.line] ?? null,
    deviceId,
    v[at.latency] ?? 0,
    text(v, at.calling),
    text(v, at.called),
    orNull(at.transformedCalling),
    orNull(at.transformedCalled),
  ];
}

export const insertKindSql =
  'INSERT INTO curri_decision_kinds (context, trigger_point, outcome, reason, destination) VALUES ' +
  '(?, ?, ?, ?, ?) ON CONFLICT DO NOTHING';
export const selectKindSql =
  'SELECT id FROM curri_decision_kinds WHERE context = ? AND trigger_point = ? AND outcome = ? AND reason = ? ' +
  'AND destination = ?';
export const insertDeviceSql = 'INSERT INTO curri_decision_devices (name) VALUES (?) ON CONFLICT DO NOTHING';
export const selectDeviceSql = 'SELECT id FROM curri_decision_devices WHERE name = ?';

/** `?` placeholders as PostgreSQL's `$n`. */
export const numbered = (sql: string): string => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};
