import type { DirectoryReadModel } from '../directory/index.js';
import { NotFoundError } from '../errors/index.js';
import { assertRole, type Viewer } from '../viewer/index.js';
import type { BudgetHistoryEntry, BudgetReadModel, BudgetStatus, SubjectStatus } from './budget-read-model.js';
import type { Budget } from './budget-types.js';

/**
 * A budget that applies to the viewer, with the part that is theirs (the pool, or their own share of a per-member
 * budget).
 */
export interface ViewerBudget {
  status: BudgetStatus;
  own: SubjectStatus;
}

/**
 * Budget queries in a viewer's scope: a person sees the budgets that apply to
 * them (their own, or their department's or cost centre's unless excluded);
 * administrators see every budget. Anything else is answered as not found.
 */
export interface ViewerBudgetQueries {
  /** The budgets that apply to the viewer (the web's My budgets), live ones only. */
  mine(viewer: Viewer): Promise<ViewerBudget[]>;
  /**
   * One budget's history as the viewer may see it: for a per-member budget, their own share's events and the
   * budget-wide ones.
   */
  history(viewer: Viewer, budgetId: number, options?: { limit?: number }): Promise<BudgetHistoryEntry[]>;
  /** Administrators: every live budget with its status. */
  all(viewer: Viewer): Promise<BudgetStatus[]>;
}

export function createViewerBudgetQueries(deps: {
  readModel: BudgetReadModel;
  directory: Pick<DirectoryReadModel, 'userById'>;
}): ViewerBudgetQueries {
  const { readModel } = deps;

  async function applying(viewer: Viewer): Promise<Budget[]> {
    if (viewer.userId === null) return [];
    const user = await deps.directory.userById(viewer.userId);
    if (!user) return [];
    return (await readModel.list()).filter((b) => {
      if (b.removedAt !== null || b.excludedUserIds.includes(user.id)) return false;
      if (b.scope === 'user') return b.scopeId === user.id;
      return (b.scope === 'department' ? user.departmentId : user.costCentreId) === b.scopeId;
    });
  }

  const ownSubject = (budget: Budget, viewer: Viewer) => (budget.sharing === 'per-member' ? (viewer.userId ?? -1) : 0);

  return {
    async mine(viewer) {
      const result: ViewerBudget[] = [];
      for (const budget of await applying(viewer)) {
        const status = await readModel.status(budget.id);
        const own = status.subjects.find((s) => s.subject === ownSubject(budget, viewer));
        if (own) result.push({ status, own });
      }
      return result;
    },
    async history(viewer, budgetId, options = {}) {
      let budget: Budget | undefined;
      if (viewer.role === 'admin') budget = await readModel.find(budgetId);
      else budget = (await applying(viewer)).find((b) => b.id === budgetId);
      if (!budget) throw new NotFoundError(`no budget #${budgetId}`);
      const entries = await readModel.history(budget.id, { limit: options.limit ?? 200 });
      if (viewer.role === 'admin' || budget.sharing !== 'per-member') return entries;
      return entries.filter(
        (e) => e.subjectUserId === null || e.subjectUserId === 0 || e.subjectUserId === viewer.userId,
      );
    },
    async all(viewer) {
      assertRole(viewer, 'admin');
      const live = (await readModel.list()).filter((b) => b.removedAt === null);
      return Promise.all(live.map((b) => readModel.status(b.id)));
    },
  };
}
