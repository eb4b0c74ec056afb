import type { Config } from '../config/index.js';
import { callSummaryRollups } from '../store/index.js';

/** One kind of rows kept for a number of days, then deleted by the retention purge. */
export interface RetentionKind {
  /** Names the kind in logs and in retention_purges (e.g. 'curriDecisions'). */
  kind: string;
  table: string;
  /** The column holding each row's instant; rows older than the cutoff are deleted. */
  timeColumn: string;
  /** How timeColumn counts: epoch seconds or epoch milliseconds. */
  timeUnit: 's' | 'ms';
  /** Days the rows are kept; 0 keeps them for ever. */
  days: number;
  /**
   * Each row stands for the `grainSeconds` from its instant (an hour or a day of calls added up): it is deleted
   * only once that whole stretch is older than the cutoff. Epoch seconds only.
   */
  grainSeconds?: number;
  /**
   * What else an old row must be to go (mails: only once final), a condition on the table's own columns. Constant
   * SQL of the code, never configuration.
   */
  where?: string;
}

const NAME = /^[a-z_][a-z0-9_]*$/;

/** Table and column names go into SQL as they are: only plain snake_case names are accepted. */
export function checkRetentionKind(k: RetentionKind): RetentionKind {
  if (!NAME.test(k.table) || !NAME.test(k.timeColumn))
    throw new Error(`retention kind ${k.kind}: ${k.table}.${k.timeColumn} is not a plain table.column name`);
  if (k.grainSeconds !== undefined && (k.timeUnit !== 's' || !Number.isInteger(k.grainSeconds) || k.grainSeconds < 1))
    throw new Error(`retention kind ${k.kind}: grainSeconds must be a whole number of seconds >= 1`);
  if (!Number.isInteger(k.days) || k.days < 0)
    throw new Error(`retention kind ${k.kind}: days must be a whole number >= 0`);
  return k;
}

/** The kinds of the retention config; other modules may register more (RetentionService.register). */
export function builtinRetentionKinds(r: Config['retention']): RetentionKind[] {
  return [
    { kind: 'calls', table: 'calls', timeColumn: 'started_at', timeUnit: 's', days: r.calls },
    // After the calls: hours and days all of whose calls are gone add up to nothing (their deletions' deltas too).
    ...[{ table: 'call_summaries', grainSeconds: 3600 }, ...callSummaryRollups].map((t) => ({
      kind: t.table.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      table: t.table,
      timeColumn: 'started_at',
      timeUnit: 's' as const,
      days: r.calls,
      grainSeconds: t.grainSeconds,
    })),
    { kind: 'callQuality', table: 'call_quality', timeColumn: 'recorded_at', timeUnit: 's', days: r.calls },
    {
      kind: 'curriDecisions',
      table: 'curri_decisions',
      timeColumn: 'decided_at',
      timeUnit: 'ms',
      days: r.curriDecisions,
    },
    { kind: 'cdrRejects', table: 'cdr_rejects', timeColumn: 'created_at', timeUnit: 'ms', days: r.cdrRejects },
    { kind: 'cdrLedger', table: 'cdr_files', timeColumn: 'received_at', timeUnit: 'ms', days: r.cdrLedger },
    { kind: 'audit', table: 'audit_log', timeColumn: 'at', timeUnit: 'ms', days: r.audit },
    { kind: 'alarmHistory', table: 'alarm_history', timeColumn: 'ran_at', timeUnit: 'ms', days: r.alarmHistory },
    { kind: 'reportHistory', table: 'report_runs', timeColumn: 'ran_at', timeUnit: 'ms', days: r.reportHistory },
    // By when a run finished: a run still going (finished_at NULL) is never deleted under its scheduler.
    { kind: 'scheduleRuns', table: 'schedule_runs', timeColumn: 'finished_at', timeUnit: 'ms', days: r.reportHistory },
    // Only mails that are done with: a queued one is still to send. Their attachments went when they settled
    // (notify/outbox-service.ts).
    {
      kind: 'mail',
      table: 'notify_outbox',
      timeColumn: 'created_at',
      timeUnit: 'ms',
      days: r.mail,
      where: "status IN ('sent', 'failed')",
    },
  ];
}
