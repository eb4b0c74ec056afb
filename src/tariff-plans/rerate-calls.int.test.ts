import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  databaseKindsUnderTest,
  makeTempDir,
  openTestDatabase,
  readStoredCalls,
  type TestDatabase,
} from '../../test/harness/index.js';
import type { TariffBook } from '../../tariffs/index.js';
import { siteSchema, type SiteConfig } from '../config/index.js';
import { createEventBus, type DomainEvents } from '../events/index.js';
import { createLogger } from '../logging/index.js';
import type { Repository } from 'typeorm';
import { callEntity, gatewayEntity, toStoredCallRows, type CallRow } from '../store/index.js';
import { createCallRerater, loadTariffBook } from './index.js';
import { mobileAndLondonPlan, ratedAtIngest } from './testing/rated-at-ingest.js';

const sites: Record<string, SiteConfig> = {
  default: siteSchema.parse({ country: 'IT', pstnAccessCode: '0', localPrefixes: ['+3902'], timeZone: 'Europe/Rome' }),
  london: siteSchema.parse({ country: 'GB', areaCode: '020', pstnAccessCode: '9', timeZone: 'Europe/London' }),
};

let sequence = 0;
function callRow(values: Partial<CallRow>): Omit<CallRow, 'id'> {
  sequence++;
  return {
    clusterId: 'c1',
    globalCallManagerId: 1,
    globalCallId: sequence,
    origLegId: sequence,
    destLegId: sequence + 1_000_000,
    fileId: null,
    startedAt: Date.UTC(2025, 2, 3, 9) / 1000,
    connectedAt: Date.UTC(2025, 2, 3, 9) / 1000 + 5,
    endedAt: Date.UTC(2025, 2, 3, 9) / 1000 + 125,
    durationSeconds: 120,
    direction: 'outgoing',
    answered: true,
    ownerExtension: '1001',
    ownerPartition: '',
    ownerKnown: true,
    ownerLineId: null,
    ownerUserId: null,
    departmentId: null,
    costCentreId: null,
    site: 'default',
    callingNumber: '1001',
    callingPartition: '',
    originalCalledNumber: '',
    originalCalledPartition: '',
    finalCalledNumber: '',
    finalCalledPartition: '',
    lastRedirectDn: '',
    lastRedirectDnPartition: '',
    outpulsedCallingNumber: '',
    outpulsedCalledNumber: '',
    dialledNumber: '03351234567',
    origDevice: 'SEP001122334455',
    destDevice: 'GW_MILANO',
    gateway: 'GW_MILANO',
    carrier: null,
    origCause: 0,
    destCause: 16,
    origRedirectReason: 0,
    lastRedirectReason: 0,
    huntPilotDn: '',
    authCodeDescription: '',
    authorizationLevel: 0,
    clientMatterCode: '',
    origIp: '',
    destIp: '',
    destinationE164: null,
    nation: null,
    destinationType: null,
    destinationName: null,
    costMinor: null,
    currency: null,
    tariffPlan: null,
    tariffRow: null,
    unratedReason: null,
    mos: null,
    jitterMs: null,
    packetLoss: null,
    latencyMs: null,
    unknownExtension: '',
    ...values,
  };
}

/** A row as the collector stores it: rated with `book` at ingest. */
function ingested(book: TariffBook, values: Partial<CallRow>): Omit<CallRow, 'id'> {
  const row = callRow(values);
  return ratedAtIngest(
    book,
    sites[row.gateway === 'GW_LONDON' ? 'london' : (row.site ?? 'default')] as SiteConfig,
    row,
  );
}

/** Calls written as the table holds them (coded texts as codes, the detail packed). */
async function insertStored(repo: Repository<CallRow>, calls: Array<Omit<CallRow, 'id'>>): Promise<void> {
  await repo.insert((await toStoredCallRows(repo.manager, calls)) as never[]);
}

describe.each(databaseKindsUnderTest())('rerate on %s', (kind) => {
  let db: TestDatabase;
  const temp = makeTempDir('tollgate-rerate-');
  const rerated: Array<DomainEvents['calls.rerated']> = [];
  const events = createEventBus((_e, err) => {
    throw err;
  });
  events.on('calls.rerated', (e) => rerated.push(e));
  const book = async (mobile: string, london: string): Promise<TariffBook> => {
    writeFileSync(join(temp.path, 'p.yaml'), mobileAndLondonPlan({ mobile, london }));
    const loaded = await loadTariffBook({ plansDir: temp.path, destinationOverrides: [] });
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    return loaded.book;
  };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await db.dataSource.getRepository(gatewayEntity.options.name).insert([
      { deviceName: 'GW_MILANO', kind: 'gateway', carrier: null, site: 'default', pstn: true, description: '' },
      { deviceName: 'GW_LONDON', kind: 'gateway', carrier: null, site: 'london', pstn: true, description: '' },
    ]);
  });
  afterAll(async () => {
    await db.close();
    temp.cleanup();
  });

  it(
    're-rates the outgoing calls of the range with the new plans, leaves the rest, and announces ' + 'it once',
    async () => {
      const v1 = await book('0.10', '0.05');
      const march = Date.UTC(2025, 2, 3, 9) / 1000;
      const repo = db.dataSource.getRepository<CallRow>(callEntity.options.name);
      await insertStored(repo, [
        ingested(v1, { dialledNumber: '03351234567' }),
        ingested(v1, { dialledNumber: '03351234567', durationSeconds: 61 }),
        // Rated with the London numbering plan: the gateway's site comes first, not the owner's.
        ingested(v1, { dialledNumber: '971234567', gateway: 'GW_LONDON', site: 'default' }),
        ingested(v1, { dialledNumber: '03351234567', answered: false, connectedAt: null, durationSeconds: 0 }),
        ingested(v1, { dialledNumber: '*67' }),
        ingested(v1, { direction: 'incoming', dialledNumber: '03351234567' }),
        ingested(v1, {
          dialledNumber: '03351234567',
          startedAt: march + 40 * 86_400,
          connectedAt: march + 40 * 86_400,
        }),
      ]);
      const v2 = await book('0.20', '0.05');
      const rerater = createCallRerater({
        dataSource: db.dataSource,
        events,
        log: createLogger({ level: 'silent' }),
        sites,
        gatewaySites: async () =>
          new Map([
            ['GW_MILANO', 'default'],
            ['GW_LONDON', 'london'],
          ]),
      });
      const summary = await rerater.rerate(v2, {
        from: new Date('2025-03-01T00:00:00Z'),
        to: new Date('2025-04-01T00:00:00Z'),
      });
      expect(summary).toMatchObject({
        examined: 5,
        changed: 2,
        before: { EUR: 20 + 20 + 10 + 0 },
        after: { EUR: 40 + 40 + 10 + 0 },
        unratedBefore: 1,
        unratedAfter: 1,
      });
      const rows = await readStoredCalls(db.dataSource);
      expect(rows.map((r) => [r.direction, r.dialledNumber, r.costMinor, r.tariffRow])).toEqual([
        ['outgoing', '03351234567', 40, 'it-mobile'],
        ['outgoing', '03351234567', 40, 'it-mobile'],
        ['outgoing', '971234567', 10, 'london'],
        ['outgoing', '03351234567', 0, 'it-mobile'],
        ['outgoing', '*67', null, null],
        ['incoming', '03351234567', 20, 'it-mobile'],
        ['outgoing', '03351234567', 20, 'it-mobile'],
      ]);
      expect(rows[4]?.unratedReason).toBe('unrecognized-destination');
      expect(rerated).toEqual([
        { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-04-01T00:00:00Z'), count: 2 },
      ]);

      const again = await rerater.rerate(v2, {
        from: new Date('2025-03-01T00:00:00Z'),
        to: new Date('2025-04-01T00:00:00Z'),
      });
      expect([again.examined, again.changed]).toEqual([5, 0]);
    },
  );

  it(
    're-rates a stored outpulsed number as outpulsed and a dialled one as dialled (Berlin from ' + 'Italy, not Padova)',
    async () => {
      const june = Date.UTC(2025, 5, 2, 9) / 1000;
      const repo = db.dataSource.getRepository<CallRow>(callEntity.options.name);
      // As an earlier collector stored them: read with the access code stripped, +39 049… (Italy).
      const padova = {
        destinationE164: '+3904930901820',
        nation: 'IT',
        destinationType: 'fixed-national',
        unratedReason: 'no-matching-row',
      };
      await insertStored(repo, [
        callRow({
          ...padova,
          startedAt: june,
          connectedAt: june + 5,
          dialledNumber: '004930901820',
          outpulsedCalledNumber: '004930901820',
          finalCalledNumber: '0004930901820',
        }),
        callRow({
          ...padova,
          startedAt: june,
          connectedAt: june + 5,
          dialledNumber: '0004930901820',
          finalCalledNumber: '0004930901820',
        }),
      ]);
      const rerater = createCallRerater({
        dataSource: db.dataSource,
        events,
        log: createLogger({ level: 'silent' }),
        sites,
        gatewaySites: async () => new Map([['GW_MILANO', 'default']]),
      });
      await rerater.rerate(await book('0.10', '0.05'), {
        from: new Date('2025-06-01T00:00:00Z'),
        to: new Date('2025-07-01T00:00:00Z'),
      });
      const rows = await readStoredCalls(db.dataSource, { where: { startedAt: june }, order: { id: 'ASC' } });
      expect(rows.map((r) => [r.dialledNumber, r.destinationE164, r.nation])).toEqual([
        ['004930901820', '+4930901820', 'DE'],
        ['0004930901820', '+4930901820', 'DE'],
      ]);
    },
  );

  it("keeps nothing of the numbers it re-rated once a page is done: the sites' shared memo stays empty", async () => {
    // Classification memoises per site object for the CURRI hot path; a year of distinct numbers pushed through
    // it would churn the old generation (long collections holding the event loop) and stay behind.
    const august = Date.UTC(2025, 7, 4, 9) / 1000;
    const repo = db.dataSource.getRepository<CallRow>(callEntity.options.name);
    await insertStored(
      repo,
      Array.from({ length: 450 }, (_, i) =>
        callRow({ startedAt: august + i, connectedAt: august + i + 5, dialledNumber: `0335${1_000_000 + i}` }),
      ),
    );
    const rerater = createCallRerater({
      dataSource: db.dataSource,
      events,
      log: createLogger({ level: 'silent' }),
      sites,
      gatewaySites: async () => new Map(),
    });
    const v2 = await book('0.12', '0.05');
    const summary = await rerater.rerate(v2, {
      from: new Date('2025-08-01T00:00:00Z'),
      to: new Date('2025-09-01T00:00:00Z'),
    });
    expect(summary.changed).toBe(450);
    expect([v2.overrides.memos.has(sites.default!), v2.overrides.memos.has(sites.london!)]).toEqual([false, false]);
  });
});
