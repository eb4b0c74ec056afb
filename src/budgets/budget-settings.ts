import type { Config } from '../config/index.js';
import { weekDays } from '../config/index.js';
import type { CallDirection } from '../events/index.js';
import type { BudgetEngineSettings } from './budget-engine.js';

/** The budget engine's settings from the configuration (budgets, smtp and general sections). */
export function budgetSettingsFrom(config: Pick<Config, 'general' | 'budgets' | 'smtp'>): BudgetEngineSettings {
  const timeZone = config.budgets.timeZone || config.general.timeZone;
  return {
    calendar: { timeZone, weekStartsOn: weekDays.indexOf(config.budgets.weekStartsOn) },
    rules: {
      directions: new Set<CallDirection>(config.budgets.countedDirections),
      destinationTypes: config.budgets.countedDestinationTypes.length
        ? new Set(config.budgets.countedDestinationTypes)
        : null,
    },
    notices: { timeZone, defaultLanguage: config.general.defaultLanguage, adminAddresses: config.smtp.adminAddresses },
    reconcileIntervalMs: config.budgets.reconcileIntervalSeconds * 1000,
    backstopPollMs: 10_000,
  };
}
