import { parseThresholdSpec, type BudgetChanges, type Threshold } from '../budgets/index.js';

/** Empty threshold rows the edit form offers beside the budget's own (no script needed to add one). */
export const SPARE_THRESHOLD_ROWS = 2;

/** Most rows read back from a form (the budget rules allow 20 thresholds). */
const MAX_ROWS = 20;

/** The form field of a threshold row's part, e.g. `t2-percent`. */
export const thresholdField = (row: number, part: 'percent' | 'user' | 'manager' | 'admins' | 'lock' | 'emails') =>
  `t${row}-${part}`;

/**
 * The thresholds a Budgets edit form holds, or undefined when it carries none (a form without
 * the thresholds section). Each filled row is written as the CLI's `--threshold` spec
 * (`80:user,lock,boss@example.com`) and read by the CLI's parser, so a mistake gets the CLI's
 * message; rows without a percent are left out, so emptying every row removes all thresholds.
 */
export function thresholdsFromForm(form: Record<string, string>): BudgetChanges['thresholds'] {
  if (form.thresholds !== '1') return undefined;
  const specs: string[] = [];
  for (let row = 0; row < MAX_ROWS; row++) {
    const percent = (form[thresholdField(row, 'percent')] ?? '').trim();
    if (!percent) continue;
    const flags = (['user', 'manager', 'admins', 'lock'] as const).filter((a) => form[thresholdField(row, a)] === '1');
    const emails = (form[thresholdField(row, 'emails')] ?? '').split(/[\s,;]+/).filter(Boolean);
    const actions = [...flags, ...emails];
    specs.push(actions.length > 0 ? `${percent}:${actions.join(',')}` : percent);
  }
  return specs.map(parseThresholdSpec);
}

/**
 * The exclusions typed into a group budget's edit form (usernames separated by commas or spaces)
 * as the changes the budget service takes: who to leave out, who to take back in.
 */
export function exclusionChangesFromForm(
  form: Record<string, string>,
  current: readonly string[],
): Pick<BudgetChanges, 'exclude' | 'include'> {
  if (form.exclusions !== '1') return {};
  const typed = new Set((form.exclude ?? '').split(/[\s,;]+/).filter(Boolean));
  const exclude = [...typed].filter((u) => !current.includes(u));
  const include = current.filter((u) => !typed.has(u));
  return { ...(exclude.length > 0 ? { exclude } : {}), ...(include.length > 0 ? { include } : {}) };
}

/** The rows the edit form shows: the budget's thresholds, then spare empty ones. */
export function thresholdRows(thresholds: readonly Threshold[]): Array<Threshold | null> {
  const spare = Math.max(0, Math.min(SPARE_THRESHOLD_ROWS, MAX_ROWS - thresholds.length));
  return [...thresholds, ...Array.from({ length: spare }, () => null)];
}
