import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../clock.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { createWebAccountStore } from './web-account-store.js';

describe.each(databaseKindsUnderTest())('web accounts on %s', (kind) => {
  let db: TestDatabase;
  const clock = createManualClock('2026-12-01T10:00:00Z');
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db.close());

  it(
    'keeps the role and departments an LDAP sign-in granted, beside the language, until the next ' +
      'grant replaces them',
    async () => {
      const store = createWebAccountStore({ dataSource: db.dataSource, clock });
      await store.setLanguage('lukas.meyer', 'de');
      await store.setGrant('lukas.meyer', { role: 'supervisor', departments: ['Sales', 'Support'] });
      expect(await store.find('lukas.meyer')).toMatchObject({
        language: 'de',
        grantedRole: 'supervisor',
        grantedDepartments: ['Sales', 'Support'],
        grantedAt: new Date('2026-12-01T10:00:00Z'),
      });
      clock.advance(60_000);
      await store.setGrant('lukas.meyer', { role: 'user', departments: [] });
      expect(await store.find('lukas.meyer')).toMatchObject({
        language: 'de',
        grantedRole: 'user',
        grantedDepartments: [],
      });
      await store.setGrant('sarah.jones', { role: 'admin', departments: [] });
      expect(await store.find('sarah.jones')).toMatchObject({
        passwordHash: null,
        language: null,
        grantedRole: 'admin',
      });
    },
  );
});
