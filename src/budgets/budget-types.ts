import type { BudgetScope, BudgetSharing } from '../store/index.js';
import type { PeriodKind } from './budget-period.js';

export type { BudgetScope, BudgetSharing };

/** What happens when a threshold is reached. */
export interface ThresholdActions {
  notifyUser: boolean;
  notifyManager: boolean;
  notifyAdmins: boolean;
  /** Further e-mail addresses. */
  notifyExtra: string[];
  /** Lock the lines of the user, or of every member of a pool. */
  lockLines: boolean;
}

export interface Threshold extends ThresholdActions {
  /** Percent of the period's allowance (amount + carried residual + credits). */
  percent: number;
}

/** A budget as the rest of Tollgate sees it. Money is minor units of `currency`. */
export interface Budget {
  id: number;
  name: string;
  scope: BudgetScope;
  /** The user, department or cost centre id. */
  scopeId: number;
  sharing: BudgetSharing;
  period: PeriodKind;
  amountMinor: number;
  currency: string;
  rollover: boolean;
  rolloverCapMinor: number | null;
  denyWhenSpent: boolean;
  /** Ascending by percent. */
  thresholds: Threshold[];
  excludedUserIds: number[];
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  revision: number;
  /** Set once removed: a removed budget keeps its history. */
  removedAt: Date | null;
}

/** Who a budget (or one of its per-member parts) is for. 0 = the whole budget. */
export type SubjectId = number;

/** Who or what caused a change, for the history. */
export interface Actor {
  actor: string;
  via: 'cli' | 'web' | 'soap' | 'system';
}
