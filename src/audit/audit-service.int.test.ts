import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { createAuditService, type AuditEntry, type AuditService } from './index.js';

const entry = (action: string, actor = 'root', target = '3001'): AuditEntry => ({
  actor,
  role: 'admin',
  via: 'soap',
  from: '192.0.2.10',
  action,
  target,
  detail: { reason: 'test' },
});

describe.each(databaseKindsUnderTest())('audit log on %s', (kind) => {
  let db: TestDatabase;
  let audit: AuditService;
  const clock = createManualClock('2026-12-01T08:00:00Z');
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    audit = createAuditService({ dataSource: db.dataSource, clock });
    await audit.record(entry('lock.set'));
    clock.advance(60_000);
    await audit.record(entry('pin.reset', 'sue'));
    clock.advance(60_000);
    await audit.record({ ...entry('budget.create', 'cli:ops', 'Sales monthly'), via: 'cli', from: 'pbx-host' });
  });
  afterAll(async () => db.close());

  it('keeps who, role, door, address, action, target, detail and time of each entry, newest first', async () => {
    const all = await audit.list({ limit: 10, offset: 0 });
    expect(all.map((e) => e.action)).toEqual(['budget.create', 'pin.reset', 'lock.set']);
    expect(all[2]).toMatchObject({
      at: new Date('2026-12-01T08:00:00Z'),
      actor: 'root',
      role: 'admin',
      via: 'soap',
      from: '192.0.2.10',
      target: '3001',
      detail: { reason: 'test' },
    });
    expect((await audit.list({ limit: 1, offset: 1 })).map((e) => e.action)).toEqual(['pin.reset']);
  });

  it('filters by time, actor, action and action family', async () => {
    expect(
      (await audit.list({ limit: 10, offset: 0, from: new Date('2026-12-01T08:01:00Z') })).map((e) => e.action),
    ).toEqual(['budget.create', 'pin.reset']);
    expect(
      (await audit.list({ limit: 10, offset: 0, to: new Date('2026-12-01T08:01:00Z') })).map((e) => e.action),
    ).toEqual(['lock.set']);
    expect((await audit.list({ limit: 10, offset: 0, actor: 'sue' })).map((e) => e.action)).toEqual(['pin.reset']);
    expect((await audit.list({ limit: 10, offset: 0, action: 'budget.' })).map((e) => e.actor)).toEqual(['cli:ops']);
    expect(await audit.list({ limit: 10, offset: 0, action: 'lock' })).toEqual([]);
  });

  it('streams every matching entry oldest first for export', async () => {
    const seen: string[] = [];
    for await (const e of audit.entries({ from: new Date('2026-12-01T08:00:30Z') })) seen.push(e.action);
    expect(seen).toEqual(['pin.reset', 'budget.create']);
  });

  it("records inside the caller's transaction: a rolled-back change leaves no entry", async () => {
    await expect(
      db.dataSource.transaction(async (em) => {
        await audit.record(entry('admin-account.remove', 'root', 'ghost'), em);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await audit.list({ limit: 10, offset: 0, action: 'admin-account.remove' })).toEqual([]);
  });
});
