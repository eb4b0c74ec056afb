import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// What `npm run build` compiles into dist/ and what the package ships, checked against the tree without
// building (a build takes minutes): tsconfig.build.json's file list as tsc computes it, the imports of those
// files, and package.json's `files`.
const root = resolve(import.meta.dirname, '../..');

/** Test support: never compiled into dist/, never shipped. */
function isTestSupport(file: string): boolean {
  return (
    /\.test\.tsx?$/.test(file) ||
    /^(test|bench|scripts|fixtures)\//.test(file) ||
    /(^|\/)testing\//.test(file) ||
    /(^|\/)fixtures?\//.test(file)
  );
}

function buildFiles(): string[] {
  const configPath = join(root, 'tsconfig.build.json');
  const { config } = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
  return parsed.fileNames.map((f) => relative(root, f));
}

/** Relative imports (value, type and dynamic) and worker entries (`new URL('./x.ts', import.meta.url)`) of a file. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\(\s*|new URL\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
  return specs.map((spec) => {
    const base = join(dirname(file), spec as string).replace(/\.js$/, '');
    const candidates = base.endsWith('.ts') ? [base] : [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts')];
    return candidates.find((f) => existsSync(join(root, f))) ?? base;
  });
}

describe('the build and the package', () => {
  const files = buildFiles();

  it('compile no test support into dist/ (tests, fixtures, testing/ folders)', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter(isTestSupport)).toEqual([]);
  });

  it('compile no file that imports test support (tsc would compile the imported file too)', () => {
    const offenders = files.flatMap((f) =>
      importsOf(f)
        .filter(isTestSupport)
        .map((target) => `${f} -> ${target}`),
    );
    expect(offenders).toEqual([]);
  });

  it('compile only what the daemon runs: every file is reached from src/main.ts or a worker entry', () => {
    const built = new Set(files);
    const reached = new Set<string>();
    const stack = ['src/main.ts'];
    while (stack.length > 0) {
      const f = stack.pop() as string;
      if (reached.has(f) || !built.has(f)) continue;
      reached.add(f);
      stack.push(...importsOf(f));
    }
    // A declaration file (types for an untyped package) emits nothing into dist/: no import reaches it.
    expect(files.filter((f) => !reached.has(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });

  it('ship the build and its run-time files, never test support (package.json files)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files?: string[] };
    // Without `files`, npm packs the whole tree: tests, fixtures and all.
    expect(pkg.files).toBeDefined();
    expect((pkg.files ?? []).filter((entry) => !entry.startsWith('!') && isTestSupport(entry))).toEqual([]);
    for (const entry of pkg.files ?? []) {
      if (!entry.startsWith('!') && !entry.startsWith('dist')) expect(existsSync(join(root, entry)), entry).toBe(true);
    }
    // The build excludes test support; a stale dist/ from an older build must not ship it either.
    expect(pkg.files).toEqual(expect.arrayContaining(['!dist/**/testing/**', '!dist/**/*.test.*']));
  });
});
