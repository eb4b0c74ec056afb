import type { BudgetHistoryEntry, PeriodKind } from '../../budgets/index.js';

/** The keys of the texts naming periods and history events (literal, so the catalogue test sees them used). */
export const periodKeys: Record<PeriodKind, string> = {
  day: 'budgets.period.day',
  week: 'budgets.period.week',
  month: 'budgets.period.month',
};

export const eventKeys: Record<BudgetHistoryEntry['kind'], string> = {
  created: 'budgets.event.created',
  changed: 'budgets.event.changed',
  removed: 'budgets.event.removed',
  threshold: 'budgets.event.threshold',
  'email-queued': 'budgets.event.email-queued',
  'email-sent': 'budgets.event.email-sent',
  'email-retry': 'budgets.event.email-retry',
  'email-failed': 'budgets.event.email-failed',
  lock: 'budgets.event.lock',
  unlock: 'budgets.event.unlock',
  exhausted: 'budgets.event.exhausted',
  available: 'budgets.event.available',
  renewal: 'budgets.event.renewal',
  rollover: 'budgets.event.rollover',
  adjustment: 'budgets.event.adjustment',
  respend: 'budgets.event.respend',
};
