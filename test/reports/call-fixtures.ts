import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { createManualClock } from '../../src/clock.js';
import { configSchema, type Config } from '../../src/config/index.js';
import { createReportService, dataSourceReportDatabase, type ReportService } from '../../src/reports/index.js';
import {
  callEntity,
  callGeneratedColumns,
  codeProperty,
  costCentreEntity,
  departmentEntity,
  lineEntity,
  toStoredCallRow,
  toStoredCallRows,
  userEntity,
  type CallRow,
} from '../../src/store/index.js';
import { blankCallRow } from '../harness/index.js';

/**
 * A small directory and a hand-built set of calls whose report answers can be
 * worked out on paper. Times are Europe/Rome wall clock unless written with Z.
 *
 *   Sales: alice (ext 211, cost centre CC-1).  Support: bob (ext 729 and 731, CC-2).
 */
export interface Seeded {
  departments: { sales: number; support: number };
  users: { alice: number; bob: number };
  costCentres: { cc1: number; cc2: number };
}

export async function seedDirectory(ds: DataSource): Promise<Seeded> {
  const repo = (e: { options: { name: string } }) => ds.getRepository(e.options.name);
  const sales = await repo(departmentEntity).save({ name: 'Sales', description: '' });
  const support = await repo(departmentEntity).save({ name: 'Support', description: '' });
  const cc1 = await repo(costCentreEntity).save({ code: 'CC-1', name: 'Front office' });
  const cc2 = await repo(costCentreEntity).save({ code: 'CC-2', name: 'Back office' });
  const alice = await repo(userEntity).save({
    username: 'alice',
    firstName: 'Alice',
    lastName: 'Rossi',
    role: 'user',
    departmentId: sales.id,
    costCentreId: cc1.id,
  });
  const bob = await repo(userEntity).save({
    username: 'bob',
    firstName: 'Bob',
    lastName: 'Bianchi',
    role: 'user',
    departmentId: support.id,
    costCentreId: cc2.id,
  });
  await repo(lineEntity).save([
    { extension: '211', partition: '', userId: alice.id },
    { extension: '729', partition: '', userId: bob.id },
    { extension: '731', partition: '', userId: bob.id },
  ]);
  return {
    departments: { sales: sales.id, support: support.id },
    users: { alice: alice.id, bob: bob.id },
    costCentres: { cc1: cc1.id, cc2: cc2.id },
  };
}

let sequence = 0;

/** A complete call row: every NOT NULL column filled, overridden by `c`. */
export function makeCall(c: Partial<CallRow> & { startedAt: number }): Omit<CallRow, 'id'> {
  sequence += 1;
  const duration = c.durationSeconds ?? 0;
  return {
    ...blankCallRow(),
    clusterId: 'CL1',
    globalCallId: sequence,
    origLegId: sequence * 2,
    destLegId: sequence * 2 + 1,
    connectedAt: c.answered === false ? null : c.startedAt + 5,
    endedAt: c.startedAt + 5 + duration,
    durationSeconds: duration,
    answered: true,
    ...c,
  };
}

/**
 * Inserts calls by plain SQL without their coded texts (cluster, partition: the columns keep their defaults), so a
 * migration test can fill a layout from before the codes (1796010000000) as well as today's. A layout from before
 * 1797300000000 also gets each call's ingest time (its start plus ten minutes); one from before 1797500000000 the
 * direction and the numbers as plain columns rather than their stored forms.
 */
export async function insertCallsWithoutTexts(ds: DataSource, calls: Array<Omit<CallRow, 'id'>>): Promise<number[]> {
  const postgres = ds.options.type === 'postgres';
  const ids: number[] = [];
  const present = new Set(
    (
      (await ds.query(
        postgres
          ? 'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() ' +
              "AND table_name = 'calls'"
          : "SELECT name FROM pragma_table_info('calls')",
      )) as Array<{ name: string }>
    ).map((r) => r.name),
  );
  for (const call of calls) {
    const stored = toStoredCallRow(call) as Record<string, unknown>;
    if (present.has('ingested_at')) stored.ingested_at = call.startedAt + 600;
    for (const c of callGeneratedColumns) {
      if (!c.stored || present.has(c.stored.name)) continue;
      delete stored[codeProperty(c.stored.name)];
      stored[c.name] = call[c.property];
    }
    const names = Object.keys(stored).filter((k) => stored[k] !== undefined);
    const columns = names.map((k) => String(callEntity.options.columns[k as 'id']?.name ?? k));
    const values = names.map((k) => (typeof stored[k] === 'boolean' && !postgres ? Number(stored[k]) : stored[k]));
    const placeholders = names.map((_, i) => (postgres ? `$${i + 1}` : '?')).join(', ');
    const [row] = (await ds.query(
      `INSERT INTO calls (${columns.join(', ')}) VALUES (${placeholders}) RETURNING id`,
      values,
    )) as Array<{ id: unknown }>;
    ids.push(Number(row?.id));
  }
  return ids;
}

export async function insertCalls(ds: DataSource, calls: Array<Omit<CallRow, 'id'>>): Promise<number[]> {
  const ids: number[] = [];
  for (const stored of await toStoredCallRows(ds.manager, calls)) {
    const saved = (await ds.getRepository(callEntity.options.name).save(stored)) as { id: number };
    ids.push(saved.id);
  }
  return ids;
}

/** Epoch seconds of an ISO instant. */
export const at = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/**
 * seedDirectory, and outgoing calls to mobiles around February 2021, most on lines more than one user made calls
 * on (its: bob's 729 and 731, alice's 211), each named by what it is, for the finding of a user's calls by their
 * extensions (migration 1797400000000). Costs in cents tell the calls apart in a sum.
 */
export async function seedCallsOnSharedLines(
  ds: DataSource,
): Promise<{ users: Seeded['users']; id: Record<string, number> }> {
  const { users } = await seedDirectory(ds);
  const call = (ownerExtension: string, ownerUserId: number | null, iso: string, costMinor: number) =>
    makeCall({
      startedAt: at(iso),
      ownerExtension,
      ownerUserId,
      direction: 'outgoing',
      destinationType: 'mobile',
      costMinor,
      currency: 'EUR',
      durationSeconds: 60,
    });
  const calls = {
    // 00:30 in Rome on 1 February: still 31 January in UTC, the day before the period's first UTC day (on a
    // line of nobody's now, used that day only).
    bobFirstMinutes: call('730', users.bob, '2021-01-31T23:30:00Z', 100),
    bobOtherLine: call('731', users.bob, '2021-02-10T09:00:00Z', 20),
    // Bob's call on the line alice has now (it was his then): still his.
    bobOnAlicesLine: call('211', users.bob, '2021-02-12T09:00:00Z', 3),
    aliceOnBobsLine: call('729', users.alice, '2021-02-14T09:00:00Z', 4000),
    nobodysOnBobsLine: call('729', null, '2021-02-15T09:00:00Z', 50000),
    // 23:30 in Rome on 28 February: 22:30 UTC (on a line used that day only).
    bobLastMinutes: call('732', users.bob, '2021-02-28T22:30:00Z', 1),
    bobInMarch: call('729', users.bob, '2021-03-01T09:00:00Z', 700),
  };
  const stored = await insertCalls(ds, Object.values(calls));
  return { users, id: Object.fromEntries(Object.keys(calls).map((name, i) => [name, stored[i] as number])) };
}

/**
 * The February 2021 calls the report tests reason about (Rome is UTC+1 in February).
 * Ids in the returned map name each call by what it is.
 */
export async function seedFebruaryCalls(ds: DataSource, s: Seeded): Promise<Record<string, number>> {
  const alice = {
    ownerExtension: '211',
    ownerUserId: s.users.alice,
    departmentId: s.departments.sales,
    costCentreId: s.costCentres.cc1,
  };
  const bob = (ext: string) => ({
    ownerExtension: ext,
    ownerUserId: s.users.bob,
    departmentId: s.departments.support,
    costCentreId: s.costCentres.cc2,
  });
  const named: Array<[string, Omit<CallRow, 'id'>]> = [
    // 2021-01-31 23:30 local (22:30Z): still January in Rome.
    [
      'januaryLocal',
      makeCall({
        ...alice,
        startedAt: at('2021-01-31T22:30:00Z'),
        durationSeconds: 10,
        dialledNumber: '0612340000',
        callingNumber: '211',
        costMinor: 5,
        currency: 'EUR',
        nation: 'IT',
        destinationType: 'fixed-national',
        destinationName: 'Italy fixed',
        gateway: 'GW1',
        carrier: 'Telco',
      }),
    ],
    // 2021-02-01 00:30 local (23:30Z on the 31st): in February for Rome.
    [
      'midnight',
      makeCall({
        ...alice,
        startedAt: at('2021-01-31T23:30:00Z'),
        durationSeconds: 20,
        dialledNumber: '0612349999',
        callingNumber: '211',
        costMinor: 10,
        currency: 'EUR',
        nation: 'IT',
        destinationType: 'fixed-national',
        destinationName: 'Italy fixed',
        gateway: 'GW1',
        carrier: 'Telco',
      }),
    ],
    [
      'singapore',
      makeCall({
        ...alice,
        startedAt: at('2021-02-01T08:00:00Z'),
        durationSeconds: 120,
        dialledNumber: '006599775544',
        callingNumber: '211',
        finalCalledNumber: '006599775544',
        costMinor: 250,
        currency: 'EUR',
        nation: 'SG',
        destinationType: 'mobile',
        destinationName: 'Singapore',
        gateway: 'GW1',
        carrier: 'Telco',
      }),
    ],
    [
      'mobile',
      makeCall({
        ...alice,
        startedAt: at('2021-02-03T09:00:00Z'),
        durationSeconds: 30,
        dialledNumber: '3471234567',
        callingNumber: '211',
        costMinor: 40,
        currency: 'EUR',
        nation: 'IT',
        destinationType: 'mobile',
        destinationName: 'Italy mobile',
        gateway: 'GW2',
        carrier: 'Mobico',
      }),
    ],
    [
      'incoming',
      makeCall({
        ...bob('729'),
        direction: 'incoming',
        startedAt: at('2021-02-03T10:00:00Z'),
        durationSeconds: 200,
        callingNumber: '0698765432',
        dialledNumber: '729',
        finalCalledNumber: '729',
        gateway: 'GW2',
        carrier: 'Mobico',
      }),
    ],
    [
      'missed',
      makeCall({
        ...bob('729'),
        direction: 'incoming',
        answered: false,
        startedAt: at('2021-02-04T15:00:00Z'),
        durationSeconds: 0,
        callingNumber: '0611111111',
        dialledNumber: '729',
        finalCalledNumber: '729',
        gateway: 'GW2',
        carrier: 'Mobico',
      }),
    ],
    [
      'internal',
      makeCall({
        ...alice,
        direction: 'internal',
        startedAt: at('2021-02-05T12:00:00Z'),
        durationSeconds: 60,
        callingNumber: '211',
        dialledNumber: '729',
        finalCalledNumber: '729',
      }),
    ],
    [
      'france',
      makeCall({
        ...bob('731'),
        answered: false,
        startedAt: at('2021-02-08T16:00:00Z'),
        durationSeconds: 0,
        dialledNumber: '0033123456789',
        callingNumber: '731',
        costMinor: 0,
        currency: 'EUR',
        nation: 'FR',
        destinationType: 'fixed-national',
        destinationName: 'France',
        gateway: 'GW1',
        carrier: 'Telco',
      }),
    ],
    [
      'missed2',
      makeCall({
        ...bob('729'),
        direction: 'incoming',
        answered: false,
        startedAt: at('2021-02-10T07:00:00Z'),
        durationSeconds: 0,
        callingNumber: '0622222222',
        dialledNumber: '729',
        finalCalledNumber: '729',
        gateway: 'GW2',
        carrier: 'Mobico',
      }),
    ],
    // 2021-03-01 00:30 local: March in Rome.
    [
      'march',
      makeCall({
        ...alice,
        startedAt: at('2021-02-28T23:30:00Z'),
        durationSeconds: 600,
        dialledNumber: '006599775544',
        callingNumber: '211',
        costMinor: 500,
        currency: 'EUR',
        nation: 'SG',
        destinationType: 'mobile',
        destinationName: 'Singapore',
        gateway: 'GW1',
        carrier: 'Telco',
      }),
    ],
  ];
  const ids = await insertCalls(
    ds,
    named.map(([, call]) => call),
  );
  return Object.fromEntries(named.map(([name], i) => [name, ids[i]!]));
}

/**
 * The report engine on a test database as the daemon builds it: default
 * reports settings (with `reports` overriding some), UTC by default, and the
 * clock at 2021-03-15T10:00Z (so "last month" is February 2021). `queries`,
 * when given, receives the SQL of every query the engine runs.
 */
export function testReportService(
  ds: DataSource,
  reports: Partial<Config['reports']> = {},
  queries?: string[],
): ReportService {
  const db = dataSourceReportDatabase(ds);
  return createReportService({
    db: queries ? { dialect: db.dialect, all: (sql, values) => (queries.push(sql), db.all(sql, values)) } : db,
    clock: createManualClock('2021-03-15T10:00:00Z'),
    config: {
      reports: { ...configSchema.parse({}).reports, ...reports },
      defaultTimeZone: 'UTC',
      siteCountries: { default: 'IT' },
    },
    logger: pino({ level: 'silent' }),
  });
}
