import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type DomainEvents } from '../events/index.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { createDirectoryImportService, createDirectoryReadModel } from './index.js';

const demo = (name: string) => join(import.meta.dirname, '../../fixtures/demo', name);
const fixture = (name: string) => join(import.meta.dirname, '../../fixtures/directory', name);
const demoFiles = ['gateways.csv', 'devices.csv', 'lines.csv', 'users.csv', 'cost-centres.csv', 'departments.csv'].map(
  demo,
);

describe.each(databaseKindsUnderTest())('directory import on %s', (kind) => {
  let db: TestDatabase;
  const changes: Array<DomainEvents['directory.changed']> = [];
  const pins: Array<{ lineId: number; pin: string }> = [];
  let service: ReturnType<typeof createDirectoryImportService>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const events = createEventBus(() => undefined);
    events.on('directory.changed', (e) => changes.push(e));
    service = createDirectoryImportService({
      dataSource: db.dataSource,
      events,
      log: pino({ level: 'silent' }),
      provisionDefaultPin: async (lineId, pin) => {
        pins.push({ lineId, pin });
      },
    });
  });
  afterAll(async () => db.close());

  it('loads the demo directory in dependency order whatever order the files are given in', async () => {
    const summaries = await service.importFiles(demoFiles);
    expect(summaries.map((s) => s.kind)).toEqual([
      'departments',
      'cost-centres',
      'users',
      'lines',
      'devices',
      'gateways',
    ]);
    expect(summaries.map((s) => [s.added, s.updated, s.rejected.length, s.refused])).toEqual([
      [3, 0, 0, null],
      [2, 0, 0, null],
      [5, 0, 0, null],
      [6, 0, 0, null],
      [6, 0, 0, null],
      [3, 0, 0, null],
    ]);
    expect(changes).toHaveLength(1);
    expect(pins.map((p) => p.pin).sort()).toEqual(['1234', '1357', '2468', '4321', '9876']);
  });

  it('resolves devices to their lines and users through the read model', async () => {
    const directory = createDirectoryReadModel({ dataSource: db.dataSource });
    const lobby = await directory.deviceByName('SEP0011223344FF');
    expect(lobby?.lines.map((l) => [l.extension, l.partition, l.user?.username ?? null])).toEqual([
      ['2099', 'PT_Internal', null],
      ['2001', 'PT_Internal', 'giulia.bianchi'],
    ]);
    const [andrea] = await directory.linesByExtension('2003');
    expect(andrea?.user).toMatchObject({
      username: 'andrea.sonnino',
      language: 'it',
      departmentName: 'Sales',
      costCentreCode: 'CC100',
    });
    expect(andrea?.devices.map((d) => d.name)).toEqual(['SEP001122334403']);
    const snapshot = await directory.snapshot();
    expect(snapshot.gateways.find((g) => g.deviceName === 'ICT_LONDON')?.pstn).toBe(false);
    expect(await directory.deviceByName('SEP000000000000')).toBeNull();
  });

  it('is idempotent: importing the same files again updates rather than duplicates', async () => {
    const summaries = await service.importFiles(demoFiles);
    expect(summaries.every((s) => s.added === 0 && s.rejected.length === 0)).toBe(true);
    expect(summaries.reduce((n, s) => n + s.updated, 0)).toBe(25);
    const count = await db.dataSource.query('SELECT COUNT(*) AS n FROM users');
    expect(Number(count[0].n)).toBe(5);
  });

  it('loads the good rows and reports each bad row with its line number and reason', async () => {
    const [summary] = await service.importFiles([fixture('users-bad.csv')]);
    expect(summary?.added).toBe(2);
    expect(summary?.refused).toBeNull();
    const byLine = Object.fromEntries(summary!.rejected.map((r) => [r.line, r.reason]));
    expect(Object.keys(byLine).map(Number)).toEqual([3, 4, 5, 6, 7]);
    expect(byLine[3]).toMatch(/username: must not be empty/);
    expect(byLine[4]).toMatch(/email: not an e-mail address/);
    expect(byLine[5]).toMatch(/language is one of/);
    expect(byLine[6]).toMatch(/unknown department "Nowhere"/);
    expect(byLine[7]).toMatch(/expected 9 fields, found 3/);
    const directory = createDirectoryReadModel({ dataSource: db.dataSource });
    expect((await directory.userByUsername('good.two'))?.departmentName).toBe('Support');
    expect(await directory.userByUsername('bad.dept')).toBeNull();
  });

  it('refuses a whole file with --strict when any row is bad', async () => {
    await db.dataSource.query("DELETE FROM users WHERE username IN ('good.one', 'good.two')");
    const [summary] = await service.importFiles([fixture('users-bad.csv')], { strict: true });
    expect(summary?.refused).toMatch(/--strict: \d+ bad row/);
    expect(summary?.added).toBe(0);
    const directory = createDirectoryReadModel({ dataSource: db.dataSource });
    expect(await directory.userByUsername('good.one')).toBeNull();
  });

  it('refuses a file with an unknown column, naming it, and one whose kind cannot be told', async () => {
    const [unknown, nameless] = await service.importFiles([fixture('lines-unknown-column.csv'), fixture('README.md')]);
    expect(unknown?.refused).toMatch(/unknown column\(s\) partiton/);
    expect(unknown?.refused).toMatch(/missing column|known:/);
    expect(nameless?.refused).toMatch(/cannot tell what the file holds/);
  });

  it('leaves fields of columns a file does not have untouched', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const dir = mkdtempSync(join((await import('node:os')).tmpdir(), 'dir-'));
    const file = join(dir, 'users-names.csv');
    writeFileSync(file, 'username,first_name\nandrea.sonnino,Andy\n');
    const [summary] = await service.importFiles([file]);
    expect(summary?.updated).toBe(1);
    const directory = createDirectoryReadModel({ dataSource: db.dataSource });
    expect(await directory.userByUsername('andrea.sonnino')).toMatchObject({
      firstName: 'Andy',
      lastName: 'Sonnino',
      departmentName: 'Sales',
    });
  });
});
