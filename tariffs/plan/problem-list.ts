import type { PlanProblem } from './plan-problem.js';
import type { LocatedYaml, PathKey } from './yaml-locator.js';

/** Collects a plan file's problems, each placed on the line of the field it is about. */
export class ProblemList {
  readonly items: PlanProblem[] = [];

  constructor(
    private readonly file: string,
    private readonly yaml: LocatedYaml,
  ) {}

  at(path: readonly PathKey[], message: string): void {
    this.items.push({ file: this.file, line: this.yaml.lineOf(path), message: this.prefixed(path, message) });
  }

  atKey(path: readonly PathKey[], key: string, message: string): void {
    this.items.push({ file: this.file, line: this.yaml.lineOfKey(path, key), message: this.prefixed(path, message) });
  }

  /** On the line of the field's key (for problems about a whole mapping, such as bands). */
  atField(path: readonly PathKey[], message: string): void {
    const key = path[path.length - 1];
    const line = key === undefined ? this.yaml.lineOf(path) : this.yaml.lineOfKey(path.slice(0, -1), String(key));
    this.items.push({ file: this.file, line, message: this.prefixed(path, message) });
  }

  get empty(): boolean {
    return this.items.length === 0;
  }

  /** "row 3 (it-mobile) perMinute: …", "band peak from: …", "currency: …". */
  private prefixed(path: readonly PathKey[], message: string): string {
    if (path.length === 0) return message;
    const [head, index, ...rest] = path;
    let where: string;
    if (head === 'rows' && typeof index === 'number') {
      const id = rowIdAt(this.yaml.value, index);
      where = `row ${index + 1}${id !== undefined ? ` (${id})` : ''}${rest.length > 0 ? ` ${rest.join('.')}` : ''}`;
    } else if (head === 'bands' && index !== undefined) {
      where = `band ${String(index)}${rest.length > 0 ? ` ${rest.join('.')}` : ''}`;
    } else {
      where = path.map(String).join('.');
    }
    return `${where}: ${message}`;
  }
}

function rowIdAt(value: unknown, index: number): string | undefined {
  const rows = (value as { rows?: unknown } | undefined)?.rows;
  const row = Array.isArray(rows) ? (rows[index] as { id?: unknown } | undefined) : undefined;
  return typeof row?.id === 'string' && row.id !== '' ? row.id : undefined;
}
