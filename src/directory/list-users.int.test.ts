import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { createDirectoryReadModel, type DirectoryReadModel } from './index.js';

describe.each(databaseKindsUnderTest())('the Users list on %s', (kind) => {
  let db: TestDatabase;
  let directory: DirectoryReadModel;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const q = (sql: string) => db.dataSource.query(sql);
    await q("INSERT INTO departments (id, name, description) VALUES (1, 'Sales', ''), (2, 'Support', '')");
    // 120 users whose names sort differently from their ids; every third in Support.
    for (let i = 1; i <= 120; i++) {
      const last = `Name${String((i * 37) % 120).padStart(3, '0')}`;
      await q(`INSERT INTO users (id, username, first_name, last_name, email, department_id)
        VALUES (${i}, 'u${i}', 'First', '${last}', '', ${i % 3 === 0 ? 2 : 1})`);
      await q(`INSERT INTO lines (id, extension, partition, user_id) VALUES (${i}, '${4000 + i}', 'PT', ${i})`);
    }
    directory = createDirectoryReadModel({ dataSource: db.dataSource });
  });
  afterAll(async () => db.close());

  it('pages every user in name order with the total, whatever the page', async () => {
    const all = { kind: 'all' } as const;
    const pages = await Promise.all(
      [0, 50, 100].map((offset) => directory.listUsers({ scope: all, filter: {}, offset, limit: 50 })),
    );
    expect(pages.map((p) => [p.total, p.users.length])).toEqual([
      [120, 50],
      [120, 50],
      [120, 20],
    ]);
    const names = pages.flatMap((p) => p.users.map((u) => u.lastName));
    expect(names).toEqual([...names].sort());
    expect(new Set(pages.flatMap((p) => p.users.map((u) => u.id))).size).toBe(120);
    expect(pages[0]!.users[0]).toMatchObject({ lastName: 'Name000', username: 'u120', departmentName: 'Support' });
    expect(pages[0]!.users[0]!.lines).toEqual([{ id: 120, extension: '4120', partition: 'PT' }]);
  });

  it("pages from a user's place in name order, forwards and back, as the pages by number do", async () => {
    const all = { kind: 'all' } as const;
    const byNumber = await Promise.all(
      [0, 50, 100].map((offset) => directory.listUsers({ scope: all, filter: {}, offset, limit: 50 })),
    );
    const key = (u: { lastName: string; firstName: string; username: string }) => ({
      lastName: u.lastName,
      firstName: u.firstName,
      username: u.username,
    });
    const page = (p: { users: Array<{ id: number }> }) => p.users.map((u) => u.id);
    const second = await directory.listUsers({
      scope: all,
      filter: {},
      offset: 0,
      limit: 50,
      after: key(byNumber[0]!.users.at(-1)!),
    });
    const third = await directory.listUsers({
      scope: all,
      filter: {},
      offset: 0,
      limit: 50,
      after: key(second.users.at(-1)!),
    });
    expect([page(second), page(third)]).toEqual([page(byNumber[1]!), page(byNumber[2]!)]);
    const back = await directory.listUsers({
      scope: all,
      filter: {},
      offset: 0,
      limit: 50,
      before: key(third.users[0]!),
    });
    expect(page(back)).toEqual(page(byNumber[1]!));
    expect(back.total).toBe(120);
  });

  it("limits a supervisor to their departments' users and filters without regard to case", async () => {
    const support = await directory.listUsers({
      scope: { kind: 'departments', departments: ['Support'] },
      filter: {},
      offset: 0,
      limit: 100,
    });
    expect(support.total).toBe(40);
    expect(support.users.every((u) => u.departmentName === 'Support')).toBe(true);
    const filtered = await directory.listUsers({
      scope: { kind: 'all' },
      filter: { lastName: 'name00', extension: '41' },
      offset: 0,
      limit: 50,
    });
    expect(filtered.users.map((u) => u.lastName)).toEqual(filtered.users.map((u) => u.lastName).sort());
    expect(filtered.users.every((u) => u.lastName.startsWith('Name00') && u.lines[0]!.extension.includes('41'))).toBe(
      true,
    );
    expect(filtered.total).toBe(filtered.users.length);
    expect(filtered.total).toBeGreaterThan(0);
  });
});
