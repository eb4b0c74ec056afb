import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors/index.js';
import { savedReportEntity } from '../store/index.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { parseReportOptions, type ReportViewer } from './index.js';
import { createSavedReportService, type SavedReportService } from './saved-report-service.js';

const admin: ReportViewer = { name: 'root', role: 'admin' };
const sue: ReportViewer = { name: 'sue', role: 'supervisor', departments: ['Support'] };
const tom: ReportViewer = { name: 'tom', role: 'supervisor', departments: ['Sales'] };

describe.each(databaseKindsUnderTest())('saved reports on %s', (kind) => {
  let db: TestDatabase;
  let saved: SavedReportService;
  const clock = createManualClock('2021-03-15T10:00:00Z');

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    saved = createSavedReportService({ dataSource: db.dataSource, clock });
  });
  afterAll(async () => db.close());

  it('saves a personal report that only its owner finds by name, with its options intact', async () => {
    const options = parseReportOptions({
      kind: 'summary',
      groupBy: 'nation',
      traffic: 'external',
      period: { preset: 'last-month' },
      top: 5,
    });
    const report = await saved.save(
      { name: 'My nations', description: 'Where we call', category: 'Mine', options },
      sue,
    );
    expect(report).toMatchObject({
      name: 'My nations',
      visibility: 'personal',
      owner: 'sue',
      updatedAt: Date.parse('2021-03-15T10:00:00Z') / 1000,
    });
    expect((await saved.find('My nations', sue)).options).toEqual(options);
    await expect(saved.find('My nations', tom)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('finds a stored report by id for its owner and answers not found to anyone else', async () => {
    const mine = await saved.find('My nations', sue);
    expect(mine.id).toEqual(expect.any(Number));
    expect((await saved.findById(mine.id as number, sue)).name).toBe('My nations');
    await expect(saved.findById(mine.id as number, tom)).rejects.toBeInstanceOf(NotFoundError);
    await expect(saved.findById(999_999, sue)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('replaces a report saved again under the same name, keeping its description', async () => {
    clock.advance(60_000);
    const options = parseReportOptions({ kind: 'summary', groupBy: 'nation', top: 3 });
    const report = await saved.save({ name: 'My nations', options }, sue);
    expect(report).toMatchObject({ description: 'Where we call', options: { top: 3 } });
    expect((await saved.list(sue)).filter((r) => r.name === 'My nations')).toHaveLength(1);
  });

  it(
    'lets only administrators save and remove public reports, which everyone finds; a personal one ' +
      'of the same name wins for its owner',
    async () => {
      const options = parseReportOptions({ kind: 'calls', traffic: 'internal' });
      await expect(saved.save({ name: 'Internal', options, public: true }, sue)).rejects.toBeInstanceOf(ForbiddenError);
      await saved.save({ name: 'Internal', options, public: true }, admin);
      expect((await saved.find('Internal', tom)).visibility).toBe('public');
      await saved.save(
        { name: 'Internal', options: parseReportOptions({ kind: 'calls', traffic: 'external' }), public: false },
        tom,
      );
      expect((await saved.find('Internal', tom)).options.traffic).toBe('external');
      expect((await saved.find('Internal', sue)).options.traffic).toBe('internal');
      await expect(saved.remove('Internal', sue, { public: true })).rejects.toBeInstanceOf(ForbiddenError);
      await saved.remove('Internal', admin, { public: true });
      await expect(saved.find('Internal', sue)).rejects.toThrow(/no report named "Internal"/);
    },
  );

  it("lists built-in, public and the viewer's own reports", async () => {
    const names = (await saved.list(sue)).map((r) => `${r.visibility}:${r.name}`);
    expect(names).toContain('builtin:cost-by-department');
    expect(names).toContain('builtin:phone-bill');
    expect(names).toContain('personal:My nations');
    expect(names).not.toContain('personal:Internal');
  });

  it('runs built-in reports by name and protects their names and the CLI words', async () => {
    expect((await saved.find('cost-by-operator', sue)).options).toMatchObject({ kind: 'summary', groupBy: 'carrier' });
    await expect(saved.save({ name: 'phone-bill', options: parseReportOptions({}) }, admin)).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(saved.save({ name: 'costs', options: parseReportOptions({}) }, admin)).rejects.toThrow(/reserved/);
    await expect(saved.save({ name: '../etc', options: parseReportOptions({}) }, admin)).rejects.toThrow(/report name/);
    await expect(saved.remove('phone-bill', admin, { public: true })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('says which saved report no longer has valid options instead of failing obscurely', async () => {
    await db.dataSource.getRepository(savedReportEntity.options.name).save({
      name: 'Old',
      owner: 'sue',
      description: '',
      category: '',
      createdBy: 'sue',
      options: { kind: 'summary', groupBy: 'planet' },
      createdAt: 0,
      updatedAt: 0,
    });
    await expect(saved.find('Old', sue)).rejects.toThrow(/saved report "Old" no longer has valid options/);
    expect((await saved.list(sue)).map((r) => r.name)).not.toContain('Old');
  });
});
