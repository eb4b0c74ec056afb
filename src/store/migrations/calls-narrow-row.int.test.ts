import { afterEach, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { testReportService } from '../../../test/reports/call-fixtures.js';
import { parseReportOptions } from '../../reports/index.js';
import { callDetailColumnsSql, callDetailSql, callColumns, migrations } from '../index.js';

const NARROW = 'CallsNarrowRow1795680000000';
const before = migrations.slice(
  0,
  migrations.findIndex((m) => new m().name === NARROW),
);
const admin = { name: 'test', role: 'admin' } as const;
const KEYS = ['department', 'costCentre', 'gateway', 'destinationType'] as const;
/** February's summary by `groupBy`; `throughCalls` adds a filter every call passes that summaries cannot answer. */
const february = (groupBy: (typeof KEYS)[number], throughCalls: boolean) =>
  parseReportOptions({
    kind: 'summary',
    groupBy,
    timeZone: 'UTC',
    period: { from: '2021-02-01', to: '2021-02-28' },
    ...(throughCalls ? { duration: [{ op: 'ge' as const, value: 0 }] } : {}),
  });
const figuresOf = (report: { groups: unknown; totals: unknown }) => [report.groups, report.totals];

/** A call of the old, wide layout: every column named, numbers per call so nothing coincides. */
function wideCall(n: number, department: number | null): Record<string, unknown> {
  const started = Date.UTC(2021, 1, 1 + (n % 27), n % 24) / 1000;
  return {
    cluster_id: 'CL1',
    global_call_manager_id: 1,
    global_call_id: n,
    orig_leg_id: 2 * n,
    dest_leg_id: 2 * n + 1,
    file_id: null,
    started_at: started,
    connected_at: n % 5 === 0 ? null : started + 3,
    ended_at: started + 60 + n,
    duration_seconds: n % 5 === 0 ? 0 : 57 + n,
    direction: n % 4 === 0 ? 'incoming' : 'outgoing',
    answered: n % 5 !== 0,
    owner_extension: String(200 + (n % 3)),
    owner_partition: 'PT_Int',
    owner_known: true,
    owner_line_id: null,
    owner_user_id: null,
    department_id: department,
    cost_centre_id: department,
    site: 'default',
    calling_number: String(200 + (n % 3)),
    calling_partition: 'PT_Int',
    original_called_number: `06${n}`,
    original_called_partition: 'PT_PSTN',
    final_called_number: `06${n}`,
    final_called_partition: 'PT_PSTN',
    last_redirect_dn: n % 7 === 0 ? '201' : '',
    last_redirect_dn_partition: '',
    outpulsed_calling_number: '',
    outpulsed_called_number: `06${n}`,
    dialled_number: `06${n}`,
    orig_device: `SEP00000000${n}`,
    dest_device: 'GW1',
    gateway: n % 3 === 0 ? null : `GW${n % 2}`,
    carrier: 'Telco',
    orig_cause: 0,
    dest_cause: 16 + (n % 2),
    orig_redirect_reason: 0,
    last_redirect_reason: n % 7 === 0 ? 15 : 0,
    hunt_pilot_dn: '',
    auth_code_description: n % 9 === 0 ? 'boss' : '',
    authorization_level: n % 9 === 0 ? 2 : 0,
    client_matter_code: n % 11 === 0 ? `CMC${n}` : '',
    orig_ip: '10.0.0.1',
    dest_ip: `10.0.1.${n % 250}`,
    destination_e164: `+396${n}`,
    nation: 'IT',
    destination_type: n % 2 ? 'mobile' : 'fixed-national',
    destination_name: 'Italy',
    cost_minor: n % 5 === 0 ? null : 10 + n,
    currency: n % 5 === 0 ? null : 'EUR',
    tariff_plan: 'plan',
    tariff_row: 'row',
    unrated_reason: null,
    mos: null,
    jitter_ms: null,
    packet_loss: null,
    latency_ms: null,
    ingested_at: started + 900,
    unknown_extension: '',
  };
}

async function insertWide(ds: DataSource, postgres: boolean, rows: Array<Record<string, unknown>>): Promise<void> {
  for (const row of rows) {
    const names = Object.keys(row);
    const values = names.map((k) => (typeof row[k] === 'boolean' && !postgres ? Number(row[k]) : row[k]));
    await ds.query(
      `INSERT INTO calls (${names.join(', ')}) VALUES (` +
        `${names.map((_, i) => (postgres ? `$${i + 1}` : '?')).join(', ')})`,
      values,
    );
  }
}

const normalise = (v: unknown) =>
  typeof v === 'boolean' ? Number(v) : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;

for (const kind of databaseKindsUnderTest()) {
  describe(`migration ${NARROW} on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    it('moves every call of the wide layout into the narrow row and keeps every report total', async () => {
      db = await openTestDatabase(kind, { migrations: before });
      const postgres = kind === 'postgres';
      await db.dataSource.query("INSERT INTO departments (name) VALUES ('Sales'), ('Support')");
      await db.dataSource.query("INSERT INTO cost_centres (code) VALUES ('CC-1'), ('CC-2')");
      const wide = Array.from({ length: 60 }, (_, n) => wideCall(n + 1, n % 3 === 0 ? null : 1 + (n % 2)));
      await insertWide(db.dataSource, postgres, wide);
      const wideReports = testReportService(db.dataSource);
      const totalsBefore = await Promise.all(
        KEYS.map(async (k) => figuresOf(await wideReports.summarize(february(k, true), admin))),
      );
      expect(totalsBefore.flat(2).length).toBeGreaterThan(4);

      await db.migrateToLatest();

      // The packed detail read through SQL as the reports read it (a later migration, 1797000000000, codes texts).
      const stored = (await db.dataSource.query(
        `SELECT c.*, ${callDetailColumnsSql()} FROM calls c ORDER BY global_call_id`,
      )) as Array<Record<string, unknown>>;
      expect(stored).toHaveLength(wide.length);
      // Texts a later migration (1796010000000) keeps as codes are read back through call_texts.
      const texts = new Map(
        ((await db.dataSource.query('SELECT id, text FROM call_texts')) as Array<{ id: unknown; text: string }>).map(
          (t) => [Number(t.id), t.text],
        ),
      );
      const snake = (property: string) => property.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`);
      for (const [i, row] of stored.entries()) {
        const original = wide[i] as Record<string, unknown>;
        for (const c of callColumns) {
          const actual = c.coded && !c.packed ? texts.get(Number(row[c.name])) : row[c.name];
          const name = c.coded ? snake(c.property) : c.name;
          expect.soft(normalise(actual), `${name} of call ${i + 1}`).toEqual(normalise(original[name]));
        }
      }
      // Reports read the packed detail with SQL.
      const [first] = (await db.dataSource.query(
        `SELECT ${callDetailSql('origDevice')} AS device, ${callDetailSql('destCause')} AS cause ` +
          `FROM calls c WHERE c.global_call_id = 1`,
      )) as Array<Record<string, unknown>>;
      expect(first).toEqual({ device: 'SEP000000001', cause: 17 });
      const reports = testReportService(db.dataSource);
      for (const throughCalls of [true, false]) {
        const totalsAfter = await Promise.all(
          KEYS.map(async (k) => figuresOf(await reports.summarize(february(k, throughCalls), admin))),
        );
        expect(totalsAfter).toEqual(totalsBefore);
      }
      // New calls get ids after the moved ones.
      const next = (await db.dataSource.query(
        postgres
          ? "SELECT nextval(pg_get_serial_sequence('calls', 'id')) AS id"
          : "SELECT seq AS id FROM sqlite_sequence WHERE name = 'calls'",
      )) as Array<{ id: unknown }>;
      expect(Number(next[0]?.id)).toBeGreaterThanOrEqual(wide.length);
    });
  });
}
