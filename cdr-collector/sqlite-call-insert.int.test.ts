import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { callColumnDefaults, callInsertColumns, type CallRowValues } from './call-row.js';
import { createSqliteCallInsert } from './sqlite-call-insert.js';
import type { SqliteHandle } from './sqlite-ingest-store.js';
import { sqliteHandleOf } from './open-ingest-store.js';

const at = (column: string) => callInsertColumns.indexOf(column);

/** A row with every column at its default but the ones a call must name; `site` makes rows name other columns. */
function row(globalCallId: number, site: string | null = null): CallRowValues {
  const v = callColumnDefaults.map((d) => (d === undefined ? 0 : d)) as CallRowValues;
  v[at('cluster_code')] = 1;
  v[at('global_call_id')] = globalCallId;
  v[at('direction')] = 'outgoing';
  v[at('answered')] = false;
  v[at('started_at')] = 1_700_000_000 + globalCallId;
  v[at('site')] = site;
  return v;
}

describe('the SQLite calls insert, many rows per statement', () => {
  let db: TestDatabase;
  let handle: SqliteHandle;
  beforeEach(async () => {
    db = await openTestDatabase('sqlite');
    handle = sqliteHandleOf(db.dataSource);
  });
  afterEach(() => db.close());

  it('gives each stored row the id of its natural key, 0 to rows stored already or twice in the batch', async () => {
    const insert = createSqliteCallInsert(handle);
    const first = Array.from({ length: 70 }, (_, i) => row(i, i % 3 === 0 ? 'Rome' : null));
    insert(first, new Array<number>(first.length));
    // Stored already (every 5th), new, and new twice in the same batch: runs of 64, 16, 4 and 1 all meet duplicates.
    const batch: CallRowValues[] = [];
    for (let i = 0; i < 150; i++) batch.push(row(i % 5 === 0 ? i : 1000 + i, i % 3 === 0 ? 'Rome' : null));
    batch.push(row(1001, null), row(1003, 'Rome'));
    const ids = new Array<number>(batch.length);
    const outcome = insert(batch, ids);

    const stored = new Map(
      (
        (await db.dataSource.query('SELECT id, global_call_id FROM calls')) as Array<{
          id: number;
          global_call_id: number;
        }>
      ).map((r) => [r.id, r.global_call_id]),
    );
    const seen = new Set<number>();
    batch.forEach((r, i) => {
      const gcid = r[at('global_call_id')] as number;
      const expectNew = gcid >= first.length && !seen.has(gcid);
      seen.add(gcid);
      if (expectNew) expect(stored.get(ids[i] as number)).toBe(gcid);
      else expect(ids[i]).toBe(0);
    });
    expect(outcome.stored).toBe(136);
    expect(stored.size).toBe(70 + 136);
    expect(Math.min(...ids.filter((id) => id > 0))).toBe(outcome.firstId);
    expect(Math.max(...ids)).toBe(outcome.lastId);
    expect(outcome.earliest).toBe(1_700_000_000 + 70);
  });
});
