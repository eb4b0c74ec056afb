import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/index.js';
import { callDetailColumnsSql, callDetailFields } from '../src/store/index.js';
import { databaseKindsUnderTest, makeTempDir, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { ingestFiles } from './index.js';
import { cucmCdrHeaders } from './testing/cucm-file-format.js';
import { renderCucmFile, type CucmFieldValues } from './testing/render-cucm-file.js';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0) / 1000;
const CALLS = 40;
// Texts a partition, device or IP address may hold: quotes, a backslash, digits only (a text, not a code), unicode.
const DEVICES = ['SEP00112233AA01', 'SEP"odd\\name', '12345', 'Zürich 東京'];

function cdr(i: number): CucmFieldValues {
  return {
    cdrRecordType: 1,
    globalCallID_callManagerId: 1,
    globalCallID_callId: 9000 + i,
    origLegCallIdentifier: 100 + 2 * i,
    destLegIdentifier: 101 + 2 * i,
    dateTimeOrigination: T0 + i * 60,
    dateTimeConnect: T0 + i * 60 + 5,
    dateTimeDisconnect: T0 + i * 60 + 35,
    duration: 30,
    origCause_value: 16,
    globalCallId_ClusterID: 'StandAloneCluster',
    pkid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    callingPartyNumber: '2001',
    callingPartyNumberPartition: i % 2 === 0 ? 'PT_Internal' : '',
    // Every fourth call's original called number is the owner's extension (the caller's, here).
    originalCalledPartyNumber: i % 4 === 1 ? '2001' : '2002',
    originalCalledPartyNumberPartition: 'PT_Internal',
    finalCalledPartyNumber: i % 3 === 0 ? '2003' : '2002',
    finalCalledPartyNumberPartition: 'PT_Internal',
    origDeviceName: DEVICES[i % DEVICES.length] as string,
    destDeviceName: DEVICES[(i + 1) % DEVICES.length] as string,
    origIpv4v6Addr: '10.1.2.3',
    destIpv4v6Addr: i % 5 === 0 ? '' : '10.1.2.4',
  };
}

/** What each call's detail should read back as, by global call id. */
function expected(i: number): Record<string, unknown> {
  return {
    calling_partition: i % 2 === 0 ? 'PT_Internal' : '',
    original_called_number: i % 4 === 1 ? '2001' : '2002',
    original_called_partition: 'PT_Internal',
    final_called_number: i % 3 === 0 ? '2003' : '2002',
    final_called_partition: 'PT_Internal',
    orig_device: DEVICES[i % DEVICES.length],
    dest_device: DEVICES[(i + 1) % DEVICES.length],
    orig_ip: '10.1.2.3',
    dest_ip: i % 5 === 0 ? '' : '10.1.2.4',
  };
}

for (const kind of databaseKindsUnderTest()) {
  describe(`detail texts kept as codes (${kind})`, () => {
    let db: TestDatabase;
    const dir = makeTempDir('tollgate-detail-codes-');
    const query = async (sql: string) => (await db.dataSource.query(sql)) as Array<Record<string, unknown>>;
    const json = kind === 'sqlite' ? 'json(c.detail)' : 'c.detail::text';
    const DEVICE_AT = callDetailFields.findIndex((f) => f.property === 'origDevice');
    const at = (property: string) => callDetailFields.findIndex((f) => f.property === property);
    const FINAL_AT = at('finalCalledNumber');

    beforeAll(async () => {
      db = await openTestDatabase(kind);
      const file = join(dir.path, 'cdr_StandAloneCluster_01_202611231000_1');
      writeFileSync(
        file,
        renderCucmFile(
          'cdr',
          cucmCdrHeaders['cucm-12.5'],
          Array.from({ length: CALLS }, (_, i) => cdr(i)),
        ),
      );
      // One record per batch: the texts of the first batches are stored as texts, the later ones as codes.
      const options = {
        config: configSchema.parse({ cdr: { batchSize: 1 } }),
        database: { url: db.url, ...(db.schema ? { schema: db.schema } : {}) },
        log: pino({ level: 'silent' }),
      };
      expect((await ingestFiles([file], options)).failures).toEqual([]);
    }, 60_000);
    afterAll(async () => {
      await db?.close();
      dir.cleanup();
    });

    it('stores a text the ingest met before as its code, the first meeting as the text', async () => {
      const rows = await query(
        `SELECT c.global_call_id AS id, ${json} AS detail FROM calls c ORDER BY c.global_call_id`,
      );
      expect(rows).toHaveLength(CALLS);
      const devices = rows.map((r) => (JSON.parse(r.detail as string) as unknown[])[DEVICE_AT]);
      expect(typeof devices[0]).toBe('string');
      expect(devices.slice(-10).every((d) => typeof d === 'number')).toBe(true);
      // A field equal to the one it stands in for is stored as null: the final called number equal to the
      // original, the original called number equal to the owner's extension, the final called partition equal to
      // the original's (all of them here).
      const nulls = (position: number) =>
        rows.filter((r) => (JSON.parse(r.detail as string) as unknown[])[position] === null).length;
      const originalIsOwner = Array.from({ length: CALLS }, (_, i) => i).filter((i) => i % 4 === 1).length;
      const finalIsOriginal = Array.from({ length: CALLS }, (_, i) => i).filter((i) => i % 3 !== 0 && i % 4 !== 1);
      expect(nulls(FINAL_AT)).toBe(finalIsOriginal.length);
      expect(nulls(at('originalCalledNumber'))).toBe(originalIsOwner);
      expect(nulls(at('finalCalledPartition'))).toBe(CALLS);
    });

    it('reads every call back with its texts, whether it holds the text or its code', async () => {
      const rows = await query(
        `SELECT c.global_call_id AS id, ${callDetailColumnsSql()} FROM calls c ORDER BY c.global_call_id`,
      );
      for (const [i, row] of rows.entries()) {
        const { id, ...detail } = row;
        expect(Number(id)).toBe(9000 + i);
        expect(detail).toMatchObject(expected(i));
      }
    });

    it('adds each text to call_texts once', async () => {
      const rows = await query(
        "SELECT kind, text, COUNT(*) AS n FROM call_texts WHERE kind IN ('device', 'ip', 'partition') " +
          'GROUP BY kind, text ORDER BY kind, text',
      );
      expect(rows.map((r) => [r.kind, r.text, Number(r.n)])).toEqual(
        [
          ...[...DEVICES].map((d) => ['device', d, 1]),
          ['ip', '10.1.2.3', 1],
          ['ip', '10.1.2.4', 1],
          ['partition', 'PT_Internal', 1],
        ].sort((a, b) => (`${a[0]}\u0000${a[1]}` < `${b[0]}\u0000${b[1]}` ? -1 : 1)),
      );
    });
  });
}
