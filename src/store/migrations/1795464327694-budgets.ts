import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/** Budgets, thresholds, per-period state, locks held, adjustments, history; and the e-mail outbox (issue 7). */
export class Budgets1795464327694 implements MigrationInterface {
  name = 'Budgets1795464327694';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'budgets',
        columns: [
          col.id(),
          col.str('name', 120),
          col.str('scope', 16),
          { name: 'scope_id', type: 'integer' },
          col.str('sharing', 16),
          col.str('period', 8),
          col.big('amount_minor'),
          col.str('currency', 3),
          col.bool('rollover', false),
          col.nbig('rollover_cap_minor'),
          col.bool('deny_when_spent', true),
          col.big('created_at'),
          col.str('created_by', 120),
          col.big('updated_at'),
          col.int('revision', 1),
          col.nbig('removed_at'),
        ],
        // A removed budget keeps its history; its name may be reused.
        indices: [
          { name: 'uq_budgets_name_active', columnNames: ['name'], isUnique: true, where: 'removed_at IS NULL' },
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'budget_exclusions',
        columns: [
          { name: 'budget_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'integer', isPrimary: true },
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'budget_thresholds',
        columns: [
          col.id(),
          { name: 'budget_id', type: 'integer' },
          { name: 'percent', type: 'integer' },
          col.bool('notify_user', false),
          col.bool('notify_manager', false),
          col.bool('notify_admins', false),
          col.str('notify_extra', 1000),
          col.bool('lock_lines', false),
        ],
        uniques: [{ name: 'uq_budget_thresholds_percent', columnNames: ['budget_id', 'percent'] }],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'budget_periods',
        columns: [
          col.id(),
          { name: 'budget_id', type: 'integer' },
          col.int('subject_user_id', 0),
          col.str('period_key', 10),
          col.big('starts_at'),
          col.big('ends_at'),
          col.big('base_minor'),
          col.big('carried_in_minor'),
          col.big('credit_minor'),
          col.big('spent_minor'),
          col.str('status', 8),
          col.bool('exhausted', false),
          col.nbig('closed_at'),
        ],
        uniques: [
          { name: 'uq_budget_periods_subject_start', columnNames: ['budget_id', 'subject_user_id', 'starts_at'] },
        ],
        indices: [{ name: 'ix_budget_periods_status', columnNames: ['status', 'budget_id'] }],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'budget_firings',
        columns: [
          { name: 'period_id', type: 'integer', isPrimary: true },
          { name: 'percent', type: 'integer', isPrimary: true },
          col.big('fired_at'),
          col.big('spent_minor'),
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'budget_adjustments',
        columns: [
          col.id(),
          { name: 'budget_id', type: 'integer' },
          col.int('subject_user_id', 0),
          col.big('period_starts_at'),
          col.big('amount_minor'),
          col.str('reason', 255),
          col.str('actor', 120),
          col.big('at'),
        ],
        indices: [
          { name: 'ix_budget_adjustments_period', columnNames: ['budget_id', 'subject_user_id', 'period_starts_at'] },
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'budget_line_locks',
        columns: [
          { name: 'budget_id', type: 'integer', isPrimary: true },
          { name: 'subject_user_id', type: 'integer', isPrimary: true },
          { name: 'line_id', type: 'integer', isPrimary: true },
          { name: 'period_id', type: 'integer' },
          col.big('locked_at'),
        ],
        indices: [{ name: 'ix_budget_line_locks_line', columnNames: ['line_id'] }],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'budget_events',
        columns: [
          col.id(),
          { name: 'budget_id', type: 'integer' },
          col.nint('subject_user_id'),
          col.nstr('period_key', 10),
          col.big('at'),
          col.str('kind', 16),
          col.str('actor', 120),
          col.nbig('amount_minor'),
          col.str('detail', 500),
          { name: 'data', type: 'text', default: `'{}'` },
        ],
        indices: [
          { name: 'ix_budget_events_budget_at', columnNames: ['budget_id', 'at'] },
          { name: 'ix_budget_events_at', columnNames: ['at'] },
        ],
      }),
      true,
    );
    await q.createTable(
      new Table({
        name: 'notify_outbox',
        columns: [
          col.id(),
          col.str('dedupe_key', 255),
          col.str('recipient', 255),
          col.str('subject', 500),
          col.text('body'),
          col.str('status', 8),
          col.int('attempts', 0),
          col.big('next_attempt_at'),
          col.str('last_error', 500),
          col.big('created_at'),
          col.nbig('sent_at'),
          col.str('origin', 40),
          { name: 'context', type: 'text', default: `'{}'` },
        ],
        uniques: [{ name: 'uq_notify_outbox_dedupe', columnNames: ['dedupe_key'] }],
        indices: [{ name: 'ix_notify_outbox_due', columnNames: ['status', 'next_attempt_at'] }],
      }),
      true,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'notify_outbox',
      'budget_events',
      'budget_line_locks',
      'budget_adjustments',
      'budget_firings',
      'budget_periods',
      'budget_thresholds',
      'budget_exclusions',
      'budgets',
    ]) {
      await q.dropTable(table, true);
    }
  }
}
