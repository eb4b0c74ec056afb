import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditService } from '../audit/index.js';
import { createManualClock } from '../clock.js';
import { configSchema } from '../config/index.js';
import { createDirectoryReadModel } from '../directory/index.js';
import { createEventBus } from '../events/index.js';
import { deviceEntity, lineEntity, type DeviceRow, type LineRow } from '../store/index.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { startAxlTestServer, type AxlTestData, type AxlTestServer } from '../../test/axl/axl-test-server.js';
import { AxlUnavailableError, createDirectorySyncService, planIsEmpty, type DirectorySyncService } from './index.js';

const by = { actor: 'tester', role: 'admin', via: 'cli' as const, from: 'test-host' };
const pt = 'PT_Internal';

function testData(): AxlTestData {
  return {
    users: [
      {
        userid: 'alice',
        firstName: 'Alice',
        lastName: 'Adler',
        mailid: 'alice@example.test',
        department: 'Sales',
        manager: 'carol',
        userLocale: 'German Germany',
        primaryExtension: { pattern: '2001', routePartitionName: pt },
      },
      {
        userid: 'bob',
        firstName: 'Bob',
        lastName: 'Berg',
        mailid: 'bob@example.test',
        department: 'Sales',
        manager: 'carol',
      },
      {
        userid: 'carol',
        firstName: 'Carol',
        lastName: 'Cohen',
        mailid: 'carol@example.test',
        department: 'Board',
        userLocale: 'English United States',
      },
    ],
    lines: [
      { pattern: '2001', routePartitionName: pt, description: 'Alice' },
      { pattern: '2002', routePartitionName: pt, description: 'Bob' },
      { pattern: '2003', routePartitionName: pt, description: 'Carol' },
      { pattern: '2099', routePartitionName: pt, description: 'Lobby' },
      { pattern: '2001', routePartitionName: '', description: 'Old plan' },
    ],
    phones: [
      {
        name: 'SEP000000000001',
        model: 'Cisco 8845',
        description: 'Alice desk',
        ownerUserName: 'alice',
        lines: [
          { index: 2, pattern: '2099', routePartitionName: pt },
          { index: 1, pattern: '2001', routePartitionName: pt },
        ],
      },
      {
        name: 'SEP000000000002',
        model: 'Cisco 7841',
        ownerUserName: 'bob',
        lines: [{ index: 1, pattern: '2002', routePartitionName: pt }],
      },
      {
        name: 'SEP000000000003',
        model: 'Cisco 8865',
        ownerUserName: 'carol',
        lines: [{ index: 1, pattern: '2003', routePartitionName: pt }],
      },
    ],
    sipTrunks: [{ name: 'SIP_CARRIER', description: 'Carrier trunk' }],
    h323Gateways: [{ name: 'GW_BRANCH', description: 'Branch gateway' }],
    gateways: [{ domainName: 'mgcp-gw1.example.test', description: 'MGCP' }],
  };
}

let server: AxlTestServer;
beforeAll(async () => {
  server = await startAxlTestServer({ data: testData() });
}, 60_000);
afterAll(async () => server?.stop());

describe.each(databaseKindsUnderTest())('directory sync from a loopback CUCM AXL server on %s', (kind) => {
  let db: TestDatabase;
  const clock = createManualClock('2026-12-01T10:00:00Z');

  const events = createEventBus(() => undefined);

  /**
   * Changes to the directory's tables: row versions on PostgreSQL, the connection's changes less the audit rows on
   * SQLite.
   */
  async function directoryWrites(): Promise<string> {
    const q = async (sql: string) => ((await db.dataSource.query(sql)) as Array<Record<string, unknown>>)[0]!;
    if (kind === 'sqlite') {
      const { n } = await q('SELECT total_changes() - (SELECT count(*) FROM audit_log) AS n');
      return String(n);
    }
    const tables = ['departments', 'cost_centres', 'users', 'lines', 'devices', 'device_lines', 'gateways'];
    const versions = await Promise.all(
      tables.map((t) => q(`SELECT count(*) AS n, string_agg(xmin::text, ',' ORDER BY ctid) AS v FROM ${t}`)),
    );
    return JSON.stringify(versions);
  }

  function service(axl: Record<string, unknown> = {}): DirectorySyncService {
    const config = configSchema.parse({
      directorySync: {
        people: 'axl',
        lines: 'axl',
        axl: {
          enabled: true,
          url: server.url,
          username: server.username,
          password: server.password,
          certificateSha256: server.fingerprint,
          pageSize: 2,
          retryDelayMs: 10,
          ...axl,
        },
      },
    });
    return createDirectorySyncService({
      dataSource: db.dataSource,
      events,
      audit: createAuditService({ dataSource: db.dataSource, clock }),
      clock,
      log: pino({ level: 'silent' }),
      settings: { ldap: config.ldap, sync: config.directorySync },
    });
  }

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db?.close());
  beforeEach(() => {
    server.data = testData();
    server.requests.length = 0;
  });

  it(
    'lists in a dry run what it would add, every request valid against the AXL 14.0 schema and ' + 'paged by two',
    async () => {
      const result = await service().run({ sources: ['axl'], dryRun: true, by });
      expect(result.counts).toMatchObject({
        users: { added: 3 },
        lines: { added: 5 },
        devices: { added: 3 },
        gateways: { added: 3 },
      });
      expect(server.requests.every((r) => r.valid === true && r.status === 200)).toBe(true);
      expect(server.requests.filter((r) => r.operation === 'listLine')).toHaveLength(3);
      expect(server.requests.filter((r) => r.operation === 'executeSQLQuery')).toHaveLength(3);
      expect(await db.dataSource.getRepository(lineEntity.options.name).count()).toBe(0);
    },
    60_000,
  );

  it('writes users, lines with their owners, phones with their lines in button order, and gateways', async () => {
    await service().run({ sources: ['axl'], dryRun: false, by });
    const directory = createDirectoryReadModel({ dataSource: db.dataSource });
    const phone = await directory.deviceByName('SEP000000000001');
    expect(phone?.lines.map((l) => `${l.extension}/${l.partition}:${l.user?.username ?? '-'}`)).toEqual([
      '2001/PT_Internal:alice',
      '2099/PT_Internal:alice',
    ]);
    expect(phone?.model).toBe('Cisco 8845');
    expect(await directory.userByUsername('alice')).toMatchObject({
      departmentName: 'Sales',
      managerUsername: 'carol',
      language: 'de',
      syncSource: 'axl',
    });
    const [old] = (await directory.linesByExtension('2001')).filter((l) => l.partition === '');
    expect(old?.user).toBeNull();
    const snapshot = await directory.snapshot();
    expect(snapshot.gateways.map((g) => [g.deviceName, g.kind, g.pstn]).sort()).toEqual([
      ['GW_BRANCH', 'gateway', true],
      ['SIP_CARRIER', 'trunk', true],
      ['mgcp-gw1.example.test', 'gateway', true],
    ]);
  }, 60_000);

  it('writes nothing to the directory when a second sync finds nothing changed, and records the run', async () => {
    await service().run({ sources: ['axl'], dryRun: false, by });
    clock.advance(60_000);
    const before = await directoryWrites();
    let announced = 0;
    const off = events.on('directory.changed', () => announced++);
    try {
      const result = await service().run({ sources: ['axl'], dryRun: false, by });
      expect(planIsEmpty(result.plan)).toBe(true);
    } finally {
      off();
    }
    expect(await directoryWrites()).toBe(before);
    expect(announced).toBe(0);
    expect((await service().lastSync())?.at).toBe(clock.now().toISOString());
  }, 60_000);

  it('writes changed names, departments, descriptions, models and trunk texts in place', async () => {
    await service().run({ sources: ['axl'], dryRun: false, by });
    const alice = server.data.users[0]!;
    Object.assign(alice, { lastName: 'Adler-Berg', department: 'Board', mailid: '' });
    server.data.lines[1]!.description = 'Bob (desk)';
    server.data.phones[1]!.model = 'Cisco 8851';
    server.data.sipTrunks[0]!.description = 'Carrier trunk 2';
    const result = await service().run({ sources: ['axl'], dryRun: false, by });
    expect(result.counts).toMatchObject({
      users: { added: 0, changed: 1, removed: 0 },
      lines: { added: 0, changed: 1, removed: 0 },
      devices: { added: 0, changed: 1, removed: 0 },
      gateways: { added: 0, changed: 1, removed: 0 },
    });
    const directory = createDirectoryReadModel({ dataSource: db.dataSource });
    expect(await directory.userByUsername('alice')).toMatchObject({
      lastName: 'Adler-Berg',
      email: '',
      departmentName: 'Board',
      managerUsername: 'carol',
    });
    expect((await directory.linesByExtension('2002'))[0]?.description).toBe('Bob (desk)');
    expect((await directory.deviceByName('SEP000000000002'))?.model).toBe('Cisco 8851');
    const trunk = (await directory.snapshot()).gateways.find((g) => g.deviceName === 'SIP_CARRIER');
    expect(trunk?.description).toBe('Carrier trunk 2');
    const again = await service().run({ sources: ['axl'], dryRun: true, by });
    expect(planIsEmpty(again.plan)).toBe(true);
    server.data = testData();
    await service().run({ sources: ['axl'], dryRun: false, by });
  }, 60_000);

  it('reads the same phones, lines and owners with one getPhone per phone when SQL is not used', async () => {
    const result = await service({ phoneLines: 'getPhone' }).run({ sources: ['axl'], dryRun: true, by });
    expect(server.requests.filter((r) => r.operation === 'getPhone')).toHaveLength(3);
    expect(server.requests.every((r) => r.valid === true)).toBe(true);
    expect(result.counts.devices).toEqual({ added: 0, changed: 0, removed: 0 });
    expect(result.counts.lines).toEqual({ added: 0, changed: 0, removed: 0 });
  }, 60_000);

  it('marks a phone and a line CUCM no longer has as gone, and moves a line to another phone', async () => {
    server.data.phones = server.data.phones.filter((p) => p.name !== 'SEP000000000003');
    server.data.lines = server.data.lines.filter((l) => l.pattern !== '2003');
    server.data.phones[1]!.lines.push({ index: 2, pattern: '2099', routePartitionName: pt });
    const result = await service().run({ sources: ['axl'], dryRun: false, by });
    expect(result.plan.devices.remove.map((r) => r.key)).toEqual(['SEP000000000003']);
    expect(result.plan.lines.remove.map((r) => r.key)).toEqual(['2003/PT_Internal']);
    const gone = await db.dataSource
      .getRepository<DeviceRow>(deviceEntity.options.name)
      .findOneByOrFail({ name: 'SEP000000000003' });
    expect(gone.goneAt).toBe(clock.now().getTime());
    expect(
      (await db.dataSource.getRepository<LineRow>(lineEntity.options.name).findOneByOrFail({ extension: '2003' }))
        .goneAt,
    ).not.toBeNull();
    const directory = createDirectoryReadModel({ dataSource: db.dataSource });
    expect(await directory.deviceByName('SEP000000000003')).toBeNull();
    expect((await directory.deviceByName('SEP000000000002'))?.lines.map((l) => l.extension)).toEqual(['2002', '2099']);
  }, 60_000);

  it('backs off while AXL answers 503 and then completes', async () => {
    server.throttleNext(3);
    const result = await service().run({ sources: ['axl'], dryRun: true, by });
    expect(server.requests.slice(0, 4).map((r) => r.status)).toEqual([503, 503, 503, 200]);
    expect(result.counts.users.added).toBe(0);
  }, 60_000);

  it('gives up with "unavailable" when AXL keeps throttling beyond the retries', async () => {
    server.throttleNext(10);
    await expect(service({ retries: 2 }).run({ sources: ['axl'], dryRun: true, by })).rejects.toThrow(
      /still throttled/,
    );
    server.throttleNext(0);
  }, 60_000);

  it('asks for smaller pages when AXL refuses a page as too large', async () => {
    server.maxRows = 3;
    try {
      const result = await service({ pageSize: 10 }).run({ sources: ['axl'], dryRun: true, by });
      expect(result.counts.lines).toMatchObject({ added: 0, removed: 0 });
      expect(server.requests.filter((r) => r.operation === 'listLine').map((r) => r.status)).toEqual([
        500, 200, 200, 200,
      ]);
    } finally {
      server.maxRows = 5000;
    }
  }, 60_000);

  it('refuses a server whose certificate does not match the pin, or that no trusted CA signed', async () => {
    const wrongPin = server.fingerprint.replace(/^../, server.fingerprint.startsWith('00') ? '11' : '00');
    await expect(service({ certificateSha256: wrongPin }).run({ sources: ['axl'], dryRun: true, by })).rejects.toThrow(
      /does not match/,
    );
    await expect(
      service({ certificateSha256: '', retries: 0 }).run({ sources: ['axl'], dryRun: true, by }),
    ).rejects.toBeInstanceOf(AxlUnavailableError);
    const viaCa = await service({ certificateSha256: '', caFile: server.caFile }).run({
      sources: ['axl'],
      dryRun: true,
      by,
    });
    expect(viaCa.counts.users.added).toBe(0);
  }, 60_000);

  it('reports refused credentials without retrying', async () => {
    await expect(service({ password: 'wrong' }).run({ sources: ['axl'], dryRun: true, by })).rejects.toThrow(
      /credentials refused/,
    );
    expect(server.requests).toHaveLength(1);
  }, 60_000);
});
