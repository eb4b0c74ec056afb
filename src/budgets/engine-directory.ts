import type { DirectoryReadModel } from '../directory/index.js';
import { indexDirectory, type BudgetDirectory } from './budget-directory.js';
import type { Budget, SubjectId } from './budget-types.js';

export interface EngineDirectory {
  /** The directory as last loaded (empty before the first load). */
  current(): BudgetDirectory;
  /** Reads the directory again; budgets see the new one from then on. */
  load(): Promise<void>;
  /** The lines a subject's lock covers: the member's lines, or every member's for a shared budget. */
  linesFor(budget: Budget, subject: SubjectId): number[];
}

/** The budget engine's copy of the directory, indexed for members and lines. */
export function createEngineDirectory(deps: {
  directory: Pick<DirectoryReadModel, 'snapshot'>;
  defaultLanguage: string;
}): EngineDirectory {
  let directory: BudgetDirectory = indexDirectory(
    { users: [], lines: [], devices: [], gateways: [], departments: [], costCentres: [] },
    deps.defaultLanguage,
  );
  return {
    current: () => directory,
    async load() {
      directory = indexDirectory(await deps.directory.snapshot(), deps.defaultLanguage);
    },
    linesFor: (b, subject) => directory.linesOf(b.sharing === 'per-member' ? [subject] : directory.members(b)),
  };
}
