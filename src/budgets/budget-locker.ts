import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { LockService } from '../locks/index.js';
import { appendEvents } from './budget-history-store.js';
import { insertLineLock, linesStillHeld, releaseLineLocks } from './budget-period-store.js';
import type { Budget, SubjectId } from './budget-types.js';

export interface LockerDeps {
  dataSource: DataSource;
  locks: Pick<LockService, 'setLock' | 'clearLock'>;
  log: Logger;
}

const actorOf = (budget: Budget) => `budget:${budget.name}`;

/**
 * Budget locks on lines, through the lock service (which publishes
 * 'lock.changed' for CURRI and the phones). Which budget holds which line is
 * recorded first, so a line two budgets lock stays locked until both let go,
 * and a lock interrupted by a crash is set again on start.
 */
export function createBudgetLocker(deps: LockerDeps) {
  async function setLocks(budget: Budget, lineIds: number[], reason: string): Promise<string[]> {
    const problems: string[] = [];
    for (const lineId of lineIds) {
      try {
        await deps.locks.setLock({ lineId }, 'budget', {
          actor: actorOf(budget),
          via: 'budget',
          role: 'system',
          reason,
        });
      } catch (err) {
        deps.log.warn({ err, lineId, budgetId: budget.id }, 'cannot set budget lock');
        problems.push(`line ${lineId}: ${(err as Error).message}`);
      }
    }
    return problems;
  }

  return {
    /** Locks these lines for a subject's period; records the lock in the history. Returns the lines newly locked. */
    async lock(
      budget: Budget,
      subject: SubjectId,
      periodId: number,
      periodKey: string,
      lineIds: number[],
      reason: string,
      at: Date,
    ): Promise<number[]> {
      const fresh = await deps.dataSource.transaction(async (m) => {
        const added: number[] = [];
        for (const lineId of lineIds) {
          if (
            await insertLineLock(m, {
              budgetId: budget.id,
              subjectUserId: subject,
              lineId,
              periodId,
              lockedAt: at.getTime(),
            })
          )
            added.push(lineId);
        }
        return added;
      });
      if (fresh.length === 0) return [];
      const problems = await setLocks(budget, fresh, reason);
      await appendEvents(deps.dataSource.manager, [
        {
          budgetId: budget.id,
          subjectUserId: subject,
          periodKey,
          at,
          kind: 'lock',
          actor: actorOf(budget),
          detail:
            `locked ${fresh.length} line(s): ${reason}` +
            `${problems.length ? `; problems: ${problems.join('; ')}` : ''}`,
          data: { lineIds: fresh, problems },
        },
      ]);
      return fresh;
    },

    /** Sets again every lock a budget holds (after a crash between recording and setting). */
    async reassert(budget: Budget, lineIds: number[]): Promise<void> {
      await setLocks(budget, lineIds, 'budget lock held');
    },

    /**
     * Lets go of a subject's locks (all of a budget's when subject is undefined);
     * lines no other budget holds are unlocked. Returns the lines unlocked.
     */
    async release(
      budget: Budget,
      subject: SubjectId | undefined,
      periodKey: string | null,
      why: string,
      actor: string,
      at: Date,
      lineIds?: number[],
    ): Promise<number[]> {
      const { released, held } = await deps.dataSource.transaction(async (m) => {
        const lines = await releaseLineLocks(m, budget.id, subject, lineIds);
        return { released: lines, held: await linesStillHeld(m, lines) };
      });
      if (released.length === 0) return [];
      const unlock = released.filter((l) => !held.has(l));
      for (const lineId of unlock) {
        try {
          await deps.locks.clearLock({ lineId }, 'budget', { actor, via: 'budget', role: 'system', reason: why });
        } catch (err) {
          deps.log.warn({ err, lineId, budgetId: budget.id }, 'cannot clear budget lock');
        }
      }
      const kept = released.filter((l) => held.has(l));
      await appendEvents(deps.dataSource.manager, [
        {
          budgetId: budget.id,
          subjectUserId: subject ?? null,
          periodKey,
          at,
          kind: 'unlock',
          actor,
          detail:
            `${why}: released ${released.length} line(s)` +
            `${kept.length ? `; ${kept.length} stay locked by another budget` : ''}`,
          data: { lineIds: released, stillLockedByOthers: kept },
        },
      ]);
      return unlock;
    },
  };
}

export type BudgetLocker = ReturnType<typeof createBudgetLocker>;
