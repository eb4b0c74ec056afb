import { compileDestinationOverrides, type DestinationOverrides } from './numbering/destination-overrides.js';
import type { PlanProblem } from './plan/plan-problem.js';
import type { TariffPlan } from './plan/tariff-plan.js';

/** Plans by carrier, ready for rating. Immutable: a reload builds a new book. */
export interface TariffBook {
  readonly plans: readonly TariffPlan[];
  readonly overrides: DestinationOverrides;
  /** Lower-case carrier → its plans, latest effectiveFrom first. The default plans are under "default". */
  readonly byCarrier: ReadonlyMap<string, readonly TariffPlan[]>;
}

export const DEFAULT_CARRIER = 'default';

export type BuildTariffBookResult = { ok: true; book: TariffBook } | { ok: false; problems: PlanProblem[] };

/**
 * Puts parsed plans together. Refuses two plans with the same id, and two
 * plans of one carrier taking effect at the same instant (which would be in force is ambiguous).
 */
export function buildTariffBook(
  plans: readonly TariffPlan[],
  options: { overrides?: DestinationOverrides } = {},
): BuildTariffBookResult {
  const problems: PlanProblem[] = [];
  const ids = new Map<string, TariffPlan>();
  const byCarrier = new Map<string, TariffPlan[]>();
  for (const plan of plans) {
    const same = ids.get(plan.id);
    if (same !== undefined)
      problems.push({ file: plan.fileName, line: 0, message: `plan id "${plan.id}" is also used by ${same.fileName}` });
    ids.set(plan.id, plan);
    const list = byCarrier.get(plan.carrierKey) ?? [];
    const clash = list.find((p) => p.effectiveFrom.getTime() === plan.effectiveFrom.getTime());
    if (clash !== undefined) {
      problems.push({
        file: plan.fileName,
        line: 0,
        message:
          `plan ${plan.id} and plan ${clash.id} (${clash.fileName}) are both for carrier "` +
          `${plan.carrier}" from ${plan.effectiveFrom.toISOString()}`,
      });
    }
    list.push(plan);
    byCarrier.set(plan.carrierKey, list);
  }
  if (problems.length > 0) return { ok: false, problems };
  for (const list of byCarrier.values()) list.sort((a, b) => b.effectiveFrom.getTime() - a.effectiveFrom.getTime());
  return {
    ok: true,
    book: { plans: [...plans], overrides: options.overrides ?? compileDestinationOverrides([]), byCarrier },
  };
}

/** An empty book (no plans): every external call is unrated with reason no-plan. */
export function emptyTariffBook(overrides?: DestinationOverrides): TariffBook {
  return { plans: [], overrides: overrides ?? compileDestinationOverrides([]), byCarrier: new Map() };
}

/**
 * The plan in force at `at` for a carrier: the one with the latest
 * effectiveFrom not after `at`, unless it has ended. A carrier without one
 * falls back to the default plan in force.
 */
export function planInForce(
  book: TariffBook,
  carrier: string | null | undefined,
  at: number,
): { plan: TariffPlan; fallback: boolean } | undefined {
  const plan = findPlan(book, carrier, at);
  return plan === undefined ? undefined : { plan, fallback: isFallback(plan, carrier) };
}

/** planInForce without the wrapper object, for the rating hot path. */
export function findPlan(book: TariffBook, carrier: string | null | undefined, at: number): TariffPlan | undefined {
  if (carrier) {
    const own = inForce(plansOfCarrier(book, carrier), at);
    if (own !== undefined) return own;
  }
  return inForce(book.byCarrier.get(DEFAULT_CARRIER), at);
}

// A carrier as gateways name it ("ExampleTel IT") → its plans under the lower-case key, per book (books are
// immutable): every call through a gateway asks, and the name seldom is the key itself.
const carrierPlans = new WeakMap<TariffBook, Map<string, readonly TariffPlan[] | null>>();

function plansOfCarrier(book: TariffBook, carrier: string): readonly TariffPlan[] | undefined {
  const direct = book.byCarrier.get(carrier);
  if (direct !== undefined) return direct;
  let names = carrierPlans.get(book);
  if (names === undefined) carrierPlans.set(book, (names = new Map()));
  let plans = names.get(carrier);
  if (plans === undefined) {
    plans = book.byCarrier.get(carrier.trim().toLowerCase()) ?? null;
    if (names.size < 1000) names.set(carrier, plans);
  }
  return plans ?? undefined;
}

/** Whether the plan found for `carrier` is the default plan standing in for the carrier's own. */
export function isFallback(plan: TariffPlan, carrier: string | null | undefined): boolean {
  return Boolean(carrier) && plan.carrierKey === DEFAULT_CARRIER && carrier?.trim().toLowerCase() !== DEFAULT_CARRIER;
}

function inForce(plans: readonly TariffPlan[] | undefined, at: number): TariffPlan | undefined {
  if (plans === undefined) return undefined;
  for (const plan of plans) {
    if (plan.effectiveFrom.getTime() <= at)
      return plan.effectiveTo === null || at < plan.effectiveTo.getTime() ? plan : undefined;
  }
  return undefined;
}
