import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeImportGraph } from '../test/harness/index.js';

const root = join(import.meta.dirname, '..');

describe('the ingest worker (parse) thread', () => {
  // It gets the directory from the daemon and reads its plans from files: the ORM, the store's entities and the
  // web parts cost it about 0.4 s of start-up and tens of MB of memory (issue 18).
  const { modules: ours, packages } = runtimeImportGraph(join(root, 'cdr-collector/ingest-worker.ts'));

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
