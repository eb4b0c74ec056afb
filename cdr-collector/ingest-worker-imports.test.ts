import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/**
 * The modules a file loads when it runs, and the packages they load: its imports and re-exports followed through
 * our sources, leaving out `import type` / `export type`, which the compiler erases.
 */
function runtimeGraph(entry: string): { modules: Map<string, string | null>; packages: Map<string, string> } {
  const modules = new Map<string, string | null>();
  const packages = new Map<string, string>();
  const queue: Array<[string, string | null]> = [[resolve(entry), null]];
  const statement =
    /(?:^|\n)\s*(import|export)\s+(type\s)?[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
  while (queue.length > 0) {
    const [file, from] = queue.shift() as [string, string | null];
    if (modules.has(file)) continue;
    modules.set(file, from);
    for (const m of readFileSync(file, 'utf8').matchAll(statement)) {
      if (m[2]) continue;
      const spec = (m[3] ?? m[4]) as string;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        if (existsSync(target)) queue.push([target, file]);
      } else if (!spec.startsWith('node:')) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
        if (!packages.has(name)) packages.set(name, relative(root, file));
      }
    }
  }
  return { modules, packages };
}

describe('the ingest worker (parse) thread', () => {
  // It gets the directory from the daemon and reads its plans from files: the ORM, the store's entities and the
  // web parts cost it about 0.4 s of start-up and tens of MB of memory (issue 18).
  const { modules, packages } = runtimeGraph(join(root, 'cdr-collector/ingest-worker.ts'));
  const ours = [...modules.keys()].map((f) => relative(root, f));

  it('follows its imports (the walk finds the thread entry and the modules it parses with)', () => {
    expect(ours).toContain('cdr-collector/ingest-file.ts');
    expect(ours).toContain('cdr-collector/csv-tokenizer.ts');
    expect(ours).toContain('src/tariff-files/load-tariff-book.ts');
    expect(packages.has('pino')).toBe(true);
  });

  it('loads no ORM, no store entities and no web framework', () => {
    expect(ours.filter((f) => f.startsWith('src/store/') || f.startsWith('src/web/'))).toEqual([]);
    expect(['typeorm', 'express', 'better-sqlite3', 'pg'].filter((p) => packages.has(p))).toEqual([]);
  });
});
