/**
 * Budget Control: spending budgets per day, week or month for a user, or a
 * department or cost centre (one shared pool, or the same amount per member).
 * Spend is derived from the stored calls and followed in memory as each batch
 * commits; thresholds send e-mails and lock lines once per period; spent
 * budgets make CURRI refuse chargeable calls; periods renew on schedule,
 * carrying the residual when rollover is on. Every event is in the history.
 */
export {
  createBudgetEngine,
  type BudgetEngine,
  type BudgetEngineDeps,
  type BudgetEngineSettings,
  type LiveSpend,
} from './budget-engine.js';
export type { ExhaustedBudget } from './spent-publisher.js';
export {
  createBudgetService,
  describeThresholds,
  type BudgetService,
  type BudgetServiceDeps,
  type BudgetRef,
} from './budget-service.js';
export {
  createBudgetReadModel,
  type BudgetReadModel,
  type BudgetReadModelDeps,
  type BudgetStatus,
  type SubjectStatus,
  type BudgetHistoryEntry,
  type ClosedPeriod,
} from './budget-read-model.js';
export { createViewerBudgetQueries, type ViewerBudgetQueries, type ViewerBudget } from './viewer-budgets.js';
export { budgetSettingsFrom } from './budget-settings.js';
export {
  budgetDraftSchema,
  budgetChangesSchema,
  thresholdSchema,
  defaultThresholds,
  parseThresholdSpec,
  type BudgetDraft,
  type BudgetChanges,
} from './budget-draft-schema.js';
export {
  periodContaining,
  periodAfter,
  periodBefore,
  periodKinds,
  type BudgetPeriod,
  type PeriodKind,
  type CalendarSettings,
} from './budget-period.js';
export {
  subjectOf,
  allowanceOf,
  isSpent,
  thresholdsToFire,
  carryOver,
  percentUsed,
  type CountingRules,
  type CountableCall,
} from './budget-rules.js';
/** A budget's spend from the stored calls (benches measure it at 10M calls). */
export { sumSpend } from './spend-query.js';
/** A typed amount ("49.90") as minor units of a currency, or a BadInputError; money as text is in tariffs. */
export { parseMoney } from './money.js';
export type {
  Budget,
  Threshold,
  ThresholdActions,
  BudgetScope,
  BudgetSharing,
  SubjectId,
  Actor,
} from './budget-types.js';
