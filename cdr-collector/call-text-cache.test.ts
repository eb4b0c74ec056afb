import { describe, expect, it } from 'vitest';
import { callColumnDefaults, callInsertColumns, type CallRowValues } from './call-row.js';
import { createCallTextCache } from './call-text-cache.js';

const at = (column: string) => callInsertColumns.indexOf(column);
const row = (cluster: string, partition: string): CallRowValues => {
  const v = callColumnDefaults.map((d) => (d === undefined ? 0 : d)) as CallRowValues;
  v[at('cluster_code')] = cluster;
  v[at('owner_partition_code')] = partition;
  return v;
};

describe('the call text cache', () => {
  it('codes the texts it meets first through add, once each, and the others from memory', () => {
    const cache = createCallTextCache();
    const added: string[] = [];
    let next = 1;
    const add = (kind: Parameters<typeof cache.learn>[0], text: string) => {
      added.push(`${kind}:${text}`);
      cache.learn(kind, text, next);
      return next++;
    };
    const rows = [row('A', 'P1'), row('A', ''), row('B', 'P1')];
    cache.encode(rows, add);
    expect(added).toEqual(['cluster:A', 'cluster:B', 'partition:P1']);
    expect(rows.map((r) => [r[at('cluster_code')], r[at('owner_partition_code')]])).toEqual([
      [1, 3],
      [1, 0],
      [2, 3],
    ]);
    cache.committed();
    const again = [row('B', 'P1')];
    cache.encode(again, () => {
      throw new Error('a known text is not added again');
    });
    expect([again[0]?.[at('cluster_code')], again[0]?.[at('owner_partition_code')]]).toEqual([2, 3]);
  });

  it('gives rows their texts back when add fails midway and the transaction rolls back', () => {
    const cache = createCallTextCache();
    const rows = [row('A', 'P1'), row('B', 'P1')];
    const add = (kind: Parameters<typeof cache.learn>[0], text: string) => {
      if (text === 'B') throw new Error('disk full');
      cache.learn(kind, text, 7);
      return 7;
    };
    expect(() => cache.encode(rows, add)).toThrow('disk full');
    expect(rows[0]?.[at('cluster_code')]).toBe(7);
    cache.forgetUncommitted();
    expect(rows.map((r) => r[at('cluster_code')])).toEqual(['A', 'B']);
    expect(cache.known('cluster', 'A')).toBeUndefined();
  });

  it('refuses a text it has no code for when no add is given', () => {
    expect(() => createCallTextCache().encode([row('A', '')])).toThrow('no code for the cluster text "A"');
  });
});
