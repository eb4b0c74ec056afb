import {
  buildTariffBook,
  compileDestinationOverrides,
  formatPlanProblem,
  parseTariffPlan,
  type DestinationOverride,
  type TariffBook,
  type TariffPlan,
} from '../../tariffs/index.js';

/**
 * What a book is built from, as plain data a worker thread can be sent (a compiled book holds tries, clocks and
 * memos, which do not cross threads): its plans' texts and the destination overrides.
 */
export interface TariffBookSource {
  plans: Array<{ fileName: string; text: string }>;
  overrides: DestinationOverride[];
}

export function tariffBookSource(book: TariffBook): TariffBookSource {
  return {
    plans: book.plans.map((plan) => ({ fileName: plan.fileName, text: plan.source })),
    overrides: [...book.overrides.entries],
  };
}

/** The same book again, from its source (in another thread). Parsing is pure, so it rates exactly as the original. */
export function rebuildTariffBook(source: TariffBookSource): TariffBook {
  const plans: TariffPlan[] = [];
  for (const { fileName, text } of source.plans) {
    const parsed = parseTariffPlan(text, fileName);
    if (!parsed.ok) throw new Error(`a plan of the book no longer parses: ${formatPlanProblem(parsed.problems[0]!)}`);
    plans.push(parsed.plan);
  }
  const built = buildTariffBook(plans, { overrides: compileDestinationOverrides(source.overrides) });
  if (!built.ok) throw new Error(`the book no longer builds: ${formatPlanProblem(built.problems[0]!)}`);
  return built.book;
}
