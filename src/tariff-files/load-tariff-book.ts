import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildTariffBook,
  compileDestinationOverrides,
  parseTariffPlan,
  type DestinationOverride,
  type PlanProblem,
  type TariffBook,
  type TariffPlan,
} from '../../tariffs/index.js';
import { plansDirOf } from './bundled-plans-dir.js';

export interface TariffSettings {
  plansDir: string;
  destinationOverrides: readonly DestinationOverride[];
}

export type LoadTariffBookResult =
  | { ok: true; book: TariffBook; dir: string; files: string[] }
  | { ok: false; problems: PlanProblem[]; dir: string; files: string[] };

const planFile = /\.ya?ml$/i;

/**
 * Reads every *.yaml / *.yml plan in the configured folder and builds a book.
 * All or nothing: one bad file refuses the whole set (its problems say where),
 * so a half-edited folder never rates calls with half the plans. Used by the
 * daemon's service, the CDR worker and the CLI.
 */
export async function loadTariffBook(
  settings: TariffSettings,
  dir = plansDirOf(settings),
): Promise<LoadTariffBookResult> {
  let files: string[];
  try {
    files = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => e.isFile() && planFile.test(e.name) && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    return {
      ok: false,
      dir,
      files: [],
      problems: [{ file: dir, line: 0, message: `cannot read the plans folder: ${(err as Error).message}` }],
    };
  }
  const problems: PlanProblem[] = [];
  const plans: TariffPlan[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(join(dir, file), 'utf8');
    } catch (err) {
      problems.push({ file, line: 0, message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    const parsed = parseTariffPlan(text, file);
    if (parsed.ok) plans.push(parsed.plan);
    else problems.push(...parsed.problems);
  }
  if (problems.length > 0) return { ok: false, problems, dir, files };
  let overrides;
  try {
    overrides = compileDestinationOverrides(settings.destinationOverrides);
  } catch (err) {
    return {
      ok: false,
      dir,
      files,
      problems: [
        { file: 'configuration', line: 0, message: `tariffs.destinationOverrides: ${(err as Error).message}` },
      ],
    };
  }
  const built = buildTariffBook(plans, { overrides });
  return built.ok ? { ok: true, book: built.book, dir, files } : { ok: false, problems: built.problems, dir, files };
}
