import type { EntityManager } from 'typeorm';
import { budgetEventEntity, type BudgetEventKind, type BudgetEventRow } from '../store/index.js';

export interface NewBudgetEvent {
  budgetId: number;
  subjectUserId?: number | null;
  periodKey?: string | null;
  at: Date;
  kind: BudgetEventKind;
  actor: string;
  amountMinor?: number | null;
  detail: string;
  data?: Record<string, unknown>;
}

/** Appends history events inside the caller's transaction. */
export async function appendEvents(m: EntityManager, events: NewBudgetEvent[]): Promise<void> {
  if (events.length === 0) return;
  await m.getRepository<BudgetEventRow>(budgetEventEntity.options.name).insert(
    events.map((e) => ({
      budgetId: e.budgetId,
      subjectUserId: e.subjectUserId ?? null,
      periodKey: e.periodKey ?? null,
      at: e.at.getTime(),
      kind: e.kind,
      actor: e.actor.slice(0, 120),
      amountMinor: e.amountMinor ?? null,
      detail: e.detail.slice(0, 500),
      data: JSON.stringify(e.data ?? {}),
    })),
  );
}
