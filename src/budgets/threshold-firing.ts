import type { DataSource } from 'typeorm';
import type { OutboxService, TemplateCatalog } from '../notify/index.js';
import { appendEvents, type NewBudgetEvent } from './budget-history-store.js';
import type { BudgetDirectory } from './budget-directory.js';
import { buildNotices, type NoticeSettings } from './budget-notices.js';
import { insertFiring, updatePeriod } from './budget-period-store.js';
import type { Budget, SubjectId, Threshold } from './budget-types.js';
import type { BudgetPeriod } from './budget-period.js';
import { minorToDecimal } from '../../tariffs/index.js';

export interface FiringDeps {
  dataSource: DataSource;
  outbox: Pick<OutboxService, 'enqueue' | 'kick'>;
  templates: TemplateCatalog;
  notices: NoticeSettings;
}

export interface Firing {
  budget: Budget;
  subject: SubjectId;
  periodId: number;
  period: BudgetPeriod;
  threshold: Threshold;
  spentMinor: number;
  allowanceMinor: number;
  at: Date;
}

/**
 * Records a threshold as fired in its period, its history event and its
 * e-mails, in one transaction: either all happen or none, and a threshold that
 * already fired in the period does nothing (false). Sending happens later.
 */
export async function recordFiring(deps: FiringDeps, f: Firing, directory: BudgetDirectory): Promise<boolean> {
  const { budget, threshold } = f;
  const { messages, missing } = buildNotices(
    {
      budget,
      subject: f.subject,
      period: f.period,
      threshold,
      spentMinor: f.spentMinor,
      allowanceMinor: f.allowanceMinor,
    },
    directory,
    deps.templates,
    deps.notices,
  );
  const money = (v: number) => `${minorToDecimal(v, budget.currency)} ${budget.currency}`;
  const base = {
    budgetId: budget.id,
    subjectUserId: f.subject,
    periodKey: f.period.key,
    at: f.at,
    actor: 'budget-engine',
  };
  const fired = await deps.dataSource.transaction(async (m) => {
    if (
      !(await insertFiring(m, {
        periodId: f.periodId,
        percent: threshold.percent,
        firedAt: f.at.getTime(),
        spentMinor: f.spentMinor,
      }))
    )
      return false;
    await updatePeriod(m, f.periodId, { spentMinor: f.spentMinor });
    const actions = [
      threshold.notifyUser && 'e-mail user',
      threshold.notifyManager && 'e-mail manager',
      threshold.notifyAdmins && 'e-mail admins',
      threshold.notifyExtra.length > 0 && `e-mail ${threshold.notifyExtra.join(', ')}`,
      threshold.lockLines && 'lock lines',
    ].filter((a): a is string => typeof a === 'string');
    const events: NewBudgetEvent[] = [
      {
        ...base,
        kind: 'threshold',
        amountMinor: f.spentMinor,
        detail:
          `${threshold.percent}% reached: spent ${money(f.spentMinor)} of ` +
          `${money(f.allowanceMinor)}${actions.length ? ` → ${actions.join(', ')}` : ''}`,
        data: { percent: threshold.percent, spentMinor: f.spentMinor, allowanceMinor: f.allowanceMinor, actions },
      },
    ];
    for (const row of await deps.outbox.enqueue(m, messages)) {
      const role = (JSON.parse(row.context) as { role?: string }).role ?? '';
      events.push({
        ...base,
        kind: 'email-queued',
        detail: `${threshold.percent}% notice to ${row.recipient} (${role}) queued`,
        data: { outboxId: row.id, recipient: row.recipient, role, percent: threshold.percent },
      });
    }
    for (const reason of missing) {
      events.push({
        ...base,
        kind: 'email-failed',
        detail: `${threshold.percent}% notice not sent: ${reason}`,
        data: { percent: threshold.percent, reason },
      });
    }
    await appendEvents(m, events);
    return true;
  });
  if (fired && messages.length > 0) deps.outbox.kick();
  return fired;
}
