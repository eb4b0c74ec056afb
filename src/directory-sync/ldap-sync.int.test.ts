import { Client } from 'ldapts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditService } from '../audit/index.js';
import { createManualClock } from '../clock.js';
import { configSchema } from '../config/index.js';
import { createDirectoryReadModel } from '../directory/index.js';
import { createEventBus } from '../events/index.js';
import { createChangeFeedWriter } from '../change-feed/index.js';
import {
  changeFeedEntity,
  lineEntity,
  lineLockEntity,
  userEntity,
  type LineRow,
  type UserRow,
} from '../store/index.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import {
  startSlapd,
  testBaseDn,
  testRootDn,
  testRootPassword,
  type SlapdServer,
} from '../../test/ldap/slapd-server.js';
import { createDirectorySyncService, type DirectorySyncService } from './index.js';

const by = { actor: 'tester', role: 'admin', via: 'cli' as const, from: 'test-host' };

describe.each(databaseKindsUnderTest())('directory sync from a real OpenLDAP (slapd) on %s', (kind) => {
  // A server per database kind: the removal test deletes an entry.
  let slapd: SlapdServer;
  let db: TestDatabase;
  let sync: DirectorySyncService;
  const clock = createManualClock('2026-12-01T10:00:00Z');
  const announced: string[] = [];

  beforeAll(async () => {
    slapd = await startSlapd();
    db = await openTestDatabase(kind);
    const config = configSchema.parse({
      ldap: {
        urls: [slapd.ldapUrl],
        bindDn: testRootDn,
        bindPassword: testRootPassword,
        searchBase: `ou=people,${testBaseDn}`,
        usernameAttribute: 'uid',
      },
      directorySync: {
        people: 'ldap',
        lines: 'ldap',
        ldap: {
          enabled: true,
          filter: '(objectClass=inetOrgPerson)',
          pageSize: 70,
          linePartition: 'PT_Internal',
          attributes: { department: 'departmentNumber', costCentre: 'businessCategory' },
        },
      },
    });
    const events = createEventBus(() => undefined);
    events.on('directory.changed', (e) => announced.push(e.source));
    sync = createDirectorySyncService({
      dataSource: db.dataSource,
      events,
      audit: createAuditService({ dataSource: db.dataSource, clock }),
      clock,
      log: pino({ level: 'silent' }),
      settings: { ldap: config.ldap, sync: config.directorySync },
      changes: createChangeFeedWriter({ clock, origin: 'test' }),
    });
  }, 90_000);
  afterAll(async () => {
    await db?.close();
    await slapd?.stop();
  });

  const users = () => db.dataSource.getRepository<UserRow>(userEntity.options.name);
  const lines = () => db.dataSource.getRepository<LineRow>(lineEntity.options.name);

  it('lists what a first sync would add in a dry run, and writes nothing', async () => {
    const result = await sync.run({ sources: ['ldap'], dryRun: true, by });
    expect(result.counts.users).toEqual({ added: 300, changed: 0, removed: 0 });
    expect(result.counts.lines).toEqual({ added: 300, changed: 0, removed: 0 });
    expect(result.plan.departments).toEqual(['finance', 'it', 'sales', 'support']);
    expect(result.plan.costCentres).toEqual(['CC100', 'CC101', 'CC102']);
    expect(await users().count()).toBe(0);
    expect(await sync.lastSync()).toBeNull();
  });

  it(
    'adds the users with their mapped attributes, managers by DN and extensions (ipPhone before ' + 'telephoneNumber)',
    async () => {
      const result = await sync.run({ sources: ['ldap'], dryRun: false, by });
      expect(result.counts.users.added).toBe(300);
      const directory = createDirectoryReadModel({ dataSource: db.dataSource });
      const user002 = await directory.userByUsername('user002');
      expect(user002).toMatchObject({
        firstName: 'Chloé',
        lastName: 'Meier',
        email: 'user002@tollgate.test',
        language: 'fr',
        departmentName: 'finance',
        costCentreCode: 'CC102',
        managerUsername: 'user001',
        syncSource: 'ldap',
        goneAt: null,
      });
      expect((await directory.userByUsername('user001'))?.managerUsername).toBeNull();
      const [line] = await directory.linesByExtension('5010');
      expect(line).toMatchObject({ partition: 'PT_Internal', user: { username: 'user010' } });
      expect(await directory.linesByExtension('4010')).toEqual([]);
      expect(announced).toEqual(['sync']);
      expect(await db.dataSource.getRepository(changeFeedEntity.options.name).countBy({ topic: 'directory' })).toBe(1);
      expect(await sync.lastSync()).toMatchObject({ ok: true, sources: ['ldap'], counts: { users: { added: 300 } } });
    },
  );

  it('changes nothing when run again on an unchanged directory', async () => {
    const result = await sync.run({ sources: ['ldap'], dryRun: true, by });
    expect(result.counts).toEqual({
      users: { added: 0, changed: 0, removed: 0 },
      lines: { added: 0, changed: 0, removed: 0 },
      devices: { added: 0, changed: 0, removed: 0 },
      gateways: { added: 0, changed: 0, removed: 0 },
    });
  });

  it(
    'marks a user and line the directory dropped as gone, keeping the rows, their lock and their ' + 'history',
    async () => {
      const before = await users().findOneByOrFail({ username: 'user299' });
      const line = await lines().findOneByOrFail({ extension: '4299' });
      await db.dataSource.getRepository(lineLockEntity.options.name).insert({
        lineId: line.id,
        extension: '4299',
        partition: 'PT_Internal',
        kind: 'admin',
        actor: 'boss',
        actorRole: 'admin',
        via: 'cli',
        reason: '',
        createdAt: new Date(),
      });
      const client = new Client({ url: slapd.ldapUrl });
      await client.bind(testRootDn, testRootPassword);
      await client.del(`uid=user299,ou=people,${testBaseDn}`);
      await client.unbind();

      const dry = await sync.run({ sources: ['ldap'], dryRun: true, by });
      expect(dry.plan.users.remove.map((r) => r.key)).toEqual(['user299']);
      expect(dry.plan.lines.remove.map((r) => r.key)).toEqual(['4299/PT_Internal']);
      clock.advance(60_000);
      await sync.run({ sources: ['ldap'], dryRun: false, by });

      const after = await users().findOneByOrFail({ username: 'user299' });
      expect(after.id).toBe(before.id);
      expect(after.goneAt).toBe(clock.now().getTime());
      expect((await lines().findOneByOrFail({ extension: '4299' })).goneAt).toBe(clock.now().getTime());
      expect(await db.dataSource.getRepository(lineLockEntity.options.name).countBy({ lineId: line.id })).toBe(1);
      const directory = createDirectoryReadModel({ dataSource: db.dataSource });
      const snapshot = await directory.snapshot();
      expect(snapshot.users.some((u) => u.username === 'user299')).toBe(false);
      expect(snapshot.lines.some((l) => l.extension === '4299')).toBe(false);
      expect(await directory.userById(before.id)).toMatchObject({ username: 'user299' });
    },
  );
});
