import type { OutcomeRecorder } from '../notify/index.js';
import { appendEvents } from './budget-history-store.js';
import type { NoticeContext } from './budget-notices.js';

/** Records what became of a budget notice, in the transaction that settles the outbox row. */
export const recordOutcome: OutcomeRecorder = async (manager, outcome) => {
  const ctx = JSON.parse(outcome.message.context) as Partial<NoticeContext>;
  if (typeof ctx.budgetId !== 'number') return;
  const to = `${ctx.percent ?? '?'}% notice to ${outcome.message.recipient}`;
  const detail =
    outcome.result === 'sent'
      ? `${to} sent`
      : outcome.result === 'retrying'
        ? `${to}: attempt ${outcome.message.attempts} failed (${outcome.error ?? ''}); next attempt ` +
          `${outcome.nextAttemptAt ? new Date(outcome.nextAttemptAt).toISOString() : 'later'}`
        : `${to} not delivered: ${outcome.error ?? ''}`;
  await appendEvents(manager, [
    {
      budgetId: ctx.budgetId,
      subjectUserId: ctx.subject ?? null,
      periodKey: ctx.periodKey ?? null,
      at: outcome.at,
      kind: outcome.result === 'sent' ? 'email-sent' : outcome.result === 'retrying' ? 'email-retry' : 'email-failed',
      actor: 'notify',
      detail,
      data: {
        outboxId: outcome.message.id,
        recipient: outcome.message.recipient,
        attempts: outcome.message.attempts,
        error: outcome.error ?? null,
      },
    },
  ]);
};
