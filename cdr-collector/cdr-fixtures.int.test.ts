import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/index.js';
import { createDirectoryImportService } from '../src/directory/index.js';
import { createEventBus, type CallsStoredEvent } from '../src/events/index.js';
import { callCodedColumns, callDetailColumnsSql, callDetailSql, callTextSql } from '../src/store/index.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { ingestFiles, type IngestFilesSummary } from './index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'cdr');
const demo = join(import.meta.dirname, '..', 'fixtures', 'demo');
const cdrFiles = readdirSync(fixtures)
  .filter((f) => /^(cdr|cmr)_/.test(f) && !f.endsWith('.json'))
  .sort();

interface ExpectedFile {
  outcome: string;
  kind: string;
  records: Record<string, number>;
  reasonStartsWith?: string;
  calls: Array<Record<string, unknown> & { globalCallId: number; origLegId: number; destLegId: number }>;
  rejects?: Array<{ lineNo: number; reasonStartsWith: string }>;
  quality?: Array<{
    globalCallId: number;
    origLegId: number;
    destLegId: number;
    mos: number;
    jitterMs: number;
    latencyMs: number;
    packetLoss: number;
  }>;
}
const expectedOf = (file: string) =>
  JSON.parse(readFileSync(join(fixtures, `${file}.expected.json`), 'utf8')) as ExpectedFile;

// Coded texts (src/call-layout/call-columns.ts) read back under their texts' names (clusterId → cluster_id), the
// packed detail as columns.
const codedTexts = callCodedColumns
  .map((c) => `${callTextSql(c.property)} AS ${c.property.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`)}`)
  .join(', ');
const callColumns = `c.*, u.username AS owner_user, d.name AS department, cc.code AS cost_centre, ${codedTexts},
  ${callDetailColumnsSql()}
  FROM calls c LEFT JOIN users u ON u.id = c.owner_user_id LEFT JOIN departments d ON d.id = c.department_id
  LEFT JOIN cost_centres cc ON cc.id = c.cost_centre_id`;

/** The expectation's name → the stored row's value, in the expectation's terms. */
function actualValue(row: Record<string, unknown>, key: string): unknown {
  const column: Record<string, string> = {
    ownerUser: 'owner_user',
    department: 'department',
    costCentre: 'cost_centre',
    destCause: 'dest_cause',
    origCause: 'orig_cause',
    origIp: 'orig_ip',
    destIp: 'dest_ip',
    huntPilotDn: 'hunt_pilot_dn',
  };
  const name = column[key] ?? key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
  if (!(name in row)) throw new Error(`the expectation names ${key}, which the stored call lacks`);
  const value = row[name];
  if (['answered', 'owner_known'].includes(name)) return value === true || value === 1;
  if (typeof value === 'string' && /^(global_call_id|orig_leg_id|dest_leg_id|duration_seconds)$/.test(name))
    return Number(value);
  return value;
}

for (const kind of databaseKindsUnderTest()) {
  describe(`CUCM fixture files stored in ${kind}`, () => {
    let db: TestDatabase;
    let summary: IngestFilesSummary;
    const announced: CallsStoredEvent[] = [];
    const log = pino({ level: 'silent' });

    beforeAll(async () => {
      db = await openTestDatabase(kind);
      const events = createEventBus(() => undefined);
      events.on('calls.stored', (e) => announced.push(e));
      const directory = createDirectoryImportService({ dataSource: db.dataSource, events, log });
      await directory.importFiles(
        readdirSync(demo)
          .filter((f) => f.endsWith('.csv'))
          .map((f) => join(demo, f)),
      );
      // The CMR file comes first: its voice quality must join calls stored after it.
      const order = [...cdrFiles.filter((f) => f.startsWith('cmr_')), ...cdrFiles.filter((f) => f.startsWith('cdr_'))];
      summary = await ingestFiles(
        order.map((f) => join(fixtures, f)),
        {
          config: configSchema.parse({}),
          database: { url: db.url, ...(db.schema ? { schema: db.schema } : {}) },
          log,
          events,
        },
      );
    }, 120_000);
    afterAll(async () => db?.close());

    it('reads every fixture file without a failure', () => {
      expect(summary.failures).toEqual([]);
      expect(summary.files.map((f) => f.name).sort()).toEqual(cdrFiles);
    });

    for (const file of cdrFiles) {
      const expected = expectedOf(file);
      it(`${file}: ledger says ${expected.outcome} with the expected counts`, async () => {
        const [entry] = (await db.dataSource.query(
          'SELECT * FROM cdr_files WHERE name = $1'.replace('$1', kind === 'sqlite' ? '?' : '$1'),
          [file],
        )) as Array<Record<string, unknown>>;
        expect(entry).toBeDefined();
        expect(entry?.status).toBe(expected.outcome);
        expect(entry?.kind).toBe(expected.kind);
        const counts = ['total', 'stored', 'duplicate', 'rejected', 'skipped'].map((k) =>
          Number(entry?.[`records_${k}`]),
        );
        expect(counts).toEqual(['total', 'stored', 'duplicate', 'rejected', 'skipped'].map((k) => expected.records[k]));
        if (expected.reasonStartsWith)
          expect(String(entry?.reason)).toMatch(new RegExp(`^${expected.reasonStartsWith.replace(/[()]/g, '\\$&')}`));
      });

      it(`${file}: every call classified as written beside it`, async () => {
        const p = kind === 'sqlite' ? '?' : '$1';
        const rows = (await db.dataSource.query(
          `SELECT ${callColumns} ` + `WHERE c.file_id = (SELECT id FROM cdr_files WHERE name = ${p})`,
          [file],
        )) as Array<Record<string, unknown>>;
        expect(rows.length).toBe(expected.calls.length);
        for (const call of expected.calls) {
          const row = rows.find(
            (r) =>
              Number(r.global_call_id) === call.globalCallId &&
              Number(r.orig_leg_id) === call.origLegId &&
              Number(r.dest_leg_id) === call.destLegId,
          );
          expect(row, `call ${call.globalCallId}/${call.origLegId}/${call.destLegId}`).toBeDefined();
          const actual = Object.fromEntries(
            Object.keys(call).map((k) => [k, actualValue(row as Record<string, unknown>, k)]),
          );
          expect(actual, `call ${call.globalCallId}/${call.origLegId}/${call.destLegId}`).toEqual(call);
        }
      });

      if (expected.rejects) {
        it(`${file}: each bad line is kept with its line number and reason`, async () => {
          const p = kind === 'sqlite' ? '?' : '$1';
          const rejects = (await db.dataSource.query(
            `SELECT line_no, reason, raw FROM cdr_rejects WHERE file_id = (SELECT id FROM cdr_files ` +
              `WHERE name = ${p}) ORDER BY line_no`,
            [file],
          )) as Array<{ line_no: number; reason: string; raw: string }>;
          expect(rejects.map((r) => r.line_no)).toEqual(expected.rejects?.map((r) => r.lineNo));
          for (const [i, r] of rejects.entries()) {
            expect(r.reason.startsWith(expected.rejects?.[i]?.reasonStartsWith as string), r.reason).toBe(true);
            const lines = readFileSync(join(fixtures, file), 'utf8').split('\n');
            expect(r.raw).toBe(lines[r.line_no - 1]);
          }
        });
      }

      if (expected.quality) {
        it(`${file}: voice quality is joined to its calls`, async () => {
          for (const q of expected.quality ?? []) {
            const p = kind === 'sqlite' ? ['?', '?', '?'] : ['$1', '$2', '$3'];
            const [row] = (await db.dataSource.query(
              `SELECT mos, jitter_ms, latency_ms, packet_loss FROM calls WHERE global_call_id = ` +
                `${p[0]} AND orig_leg_id = ${p[1]} AND dest_leg_id = ${p[2]}`,
              [q.globalCallId, q.origLegId, q.destLegId],
            )) as Array<Record<string, unknown>>;
            expect(Number(row?.mos)).toBeCloseTo(q.mos, 5);
            expect([row?.jitter_ms, row?.latency_ms, row?.packet_loss].map(Number)).toEqual([
              q.jitterMs,
              q.latencyMs,
              q.packetLoss,
            ]);
          }
        });
      }
    }

    it('announces every stored call once on calls.stored, with the ids the store gave them', async () => {
      const ids = announced.flatMap((e) => e.calls.map((c) => c.id)).sort((a, b) => a - b);
      const stored = ((await db.dataSource.query('SELECT id FROM calls ORDER BY id')) as Array<{ id: number }>).map(
        (r) => Number(r.id),
      );
      expect(ids).toEqual(stored);
    });

    if (kind === 'sqlite')
      it('packs the CUCM detail as binary JSON, smaller than its text, read by the same SQL', async () => {
        const [row] = (await db.dataSource.query(
          `SELECT typeof(c.detail) AS type, length(c.detail) AS size, length(json(c.detail)) AS text_size, ` +
            `${callDetailSql('origDevice')} AS device, COALESCE(json(c.detail) ->> 8, '') AS device_from_text ` +
            'FROM calls c WHERE c.file_id IS NOT NULL AND c.detail IS NOT NULL ORDER BY c.id LIMIT 1',
        )) as Array<{ type: string; size: number; text_size: number; device: string; device_from_text: string }>;
        expect(row?.type).toBe('blob');
        expect(row!.size).toBeLessThan(row!.text_size);
        expect(row?.device).toBe(row?.device_from_text);
      });

    it('stores nothing again when the same files are delivered a second time', async () => {
      const before = ((await db.dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: number }>)[0]?.n;
      const again = await ingestFiles(
        cdrFiles.map((f) => join(fixtures, f)),
        { config: configSchema.parse({}), database: { url: db.url, ...(db.schema ? { schema: db.schema } : {}) }, log },
      );
      expect(again.files.every((f) => f.outcome === 'duplicate')).toBe(true);
      const after = ((await db.dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: number }>)[0]?.n;
      expect(Number(after)).toBe(Number(before));
    }, 60_000);
  });
}
