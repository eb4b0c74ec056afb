/** Why a plan file (or the set of plans) was refused: where, and what to fix. */
export interface PlanProblem {
  file: string;
  /** 1-based line; 0 when the problem concerns the file or the set of files as a whole. */
  line: number;
  message: string;
}

/** "it.yaml:12: rows[3].perMinute: "-1" is negative" */
export function formatPlanProblem(problem: PlanProblem): string {
  return `${problem.file}${problem.line > 0 ? `:${problem.line}` : ''}: ${problem.message}`;
}
