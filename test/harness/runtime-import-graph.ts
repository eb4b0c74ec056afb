import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** Where a relative import written with `.js` lives in our sources: the `.ts` or `.tsx` file. */
function sourceOf(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, resolve(dirname(from), spec)])
    if (existsSync(candidate)) return candidate;
  return null;
}

/**
 * The modules a file loads when it runs, and the packages they load: its static imports and re-exports followed
 * through our sources (paths relative to the repository), leaving out `import type` / `export type`, which the
 * compiler erases, and `import()` expressions, which load only when they run. Each package maps to the first of
 * our files found importing it.
 */
export function runtimeImportGraph(entry: string): { modules: string[]; packages: Map<string, string> } {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const queue = [resolve(entry)];
  const statement =
    /(?:^|\n)\s*(import|export)\s+(type\s)?[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(file, 'utf8').matchAll(statement)) {
      if (m[2]) continue;
      const spec = (m[3] ?? m[4]) as string;
      if (spec.startsWith('.')) {
        const target = sourceOf(file, spec);
        if (target) queue.push(target);
      } else if (!spec.startsWith('node:')) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
        if (!packages.has(name)) packages.set(name, relative(root, file));
      }
    }
  }
  return { modules: [...seen].map((f) => relative(root, f)), packages };
}
