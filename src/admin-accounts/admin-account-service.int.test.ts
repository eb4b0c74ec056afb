import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../clock.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { createAdminAccountService, type AdminAccountService } from './index.js';

describe.each(databaseKindsUnderTest())('admin accounts on %s', (kind) => {
  let db: TestDatabase;
  let accounts: AdminAccountService;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    accounts = createAdminAccountService({ dataSource: db.dataSource, clock: systemClock });
  });
  afterAll(async () => db.close());

  it('stores an argon2id hash, never the password, and verifies it', async () => {
    await accounts.create({ username: 'alice', password: 'correct horse battery', role: 'admin' });
    const [row] = await db.dataSource.query("SELECT password_hash FROM admin_accounts WHERE username = 'alice'");
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(row.password_hash).not.toContain('correct horse');
    expect(await accounts.verify('alice', 'correct horse battery')).toMatchObject({ username: 'alice', role: 'admin' });
    expect(await accounts.verify('alice', 'wrong password!!')).toBeNull();
    expect(await accounts.verify('nobody', 'correct horse battery')).toBeNull();
  });

  it('refuses short passwords, duplicate names and supervisors without departments', async () => {
    await expect(accounts.create({ username: 'bob', password: 'short', role: 'admin' })).rejects.toThrow(/at least 10/);
    await expect(accounts.create({ username: 'alice', password: 'another long one', role: 'admin' })).rejects.toThrow(
      /already exists/,
    );
    await expect(accounts.create({ username: 'sup', password: 'long enough pw', role: 'supervisor' })).rejects.toThrow(
      /department/,
    );
    const sup = await accounts.create({
      username: 'sup',
      password: 'long enough pw',
      role: 'supervisor',
      departments: ['Sales'],
    });
    expect(sup.departments).toEqual(['Sales']);
  });
});
