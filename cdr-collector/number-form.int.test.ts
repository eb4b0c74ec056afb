import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/index.js';
import { createDirectoryImportService } from '../src/directory/index.js';
import { createEventBus } from '../src/events/index.js';
import { databaseKindsUnderTest, makeTempDir, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { ingestFiles } from './index.js';
import { cucmCdrHeaders } from './testing/cucm-file-format.js';
import { renderCucmFile, type CucmFieldValues } from './testing/render-cucm-file.js';

const demo = join(import.meta.dirname, '..', 'fixtures', 'demo');
const T0 = Date.UTC(2026, 10, 23, 10, 0, 0) / 1000;

function cdr(
  values: CucmFieldValues & { globalCallID_callId: number; origLegCallIdentifier: number; destLegIdentifier: number },
): CucmFieldValues {
  return {
    cdrRecordType: 1,
    globalCallID_callManagerId: 1,
    dateTimeOrigination: T0,
    dateTimeConnect: T0 + 5,
    dateTimeDisconnect: T0 + 65,
    duration: 60,
    origCause_value: 16,
    globalCallId_ClusterID: 'StandAloneCluster',
    pkid:
      `00000000-0000-4000-8000-${String(values.globalCallID_callId).padStart(6, '0')}` +
      `${String(values.origLegCallIdentifier).padStart(6, '0')}`,
    ...values,
  };
}

// The default (Italian) site dials out with access code 0: 2001 dials 0 004930901820, CUCM outpulses 004930901820
// (Berlin), then transfers the call to 2002. The transfer's CDR comes in a later file, ingested by a new run,
// so the outgoing leg and the form of its number come from the store, not from the ingest's memory.
const dialledOut = cdr({
  globalCallID_callId: 7001,
  origLegCallIdentifier: 701,
  destLegIdentifier: 702,
  callingPartyNumber: '2001',
  callingPartyNumberPartition: 'PT_Internal',
  originalCalledPartyNumber: '0004930901820',
  finalCalledPartyNumber: '0004930901820',
  outpulsedCalledPartyNumber: '004930901820',
  origDeviceName: 'SEP001122334401',
  destDeviceName: 'GW_MILANO',
  origCause_value: 393216,
  destCause_value: 393216,
});
const handedOn = cdr({
  globalCallID_callId: 7001,
  origLegCallIdentifier: 702,
  destLegIdentifier: 704,
  dateTimeConnect: T0 + 70,
  dateTimeDisconnect: T0 + 250,
  duration: 180,
  callingPartyNumber: '004930901820',
  originalCalledPartyNumber: '2002',
  finalCalledPartyNumber: '2002',
  finalCalledPartyNumberPartition: 'PT_Internal',
  lastRedirectDn: '2001',
  lastRedirectDnPartition: 'PT_Internal',
  origDeviceName: 'GW_MILANO',
  destDeviceName: 'SEP001122334402',
  joinOnBehalfOf: 10,
});

// An internal call in the same file after the transfer: the continuation waits for the store's answer about leg
// 702 while this one is read (the reader reuses its record for each line).
const internalAfter = cdr({
  globalCallID_callId: 7002,
  origLegCallIdentifier: 801,
  destLegIdentifier: 802,
  callingPartyNumber: '2002',
  callingPartyNumberPartition: 'PT_Internal',
  originalCalledPartyNumber: '2001',
  finalCalledPartyNumber: '2001',
  finalCalledPartyNumberPartition: 'PT_Internal',
  origDeviceName: 'SEP001122334402',
  destDeviceName: 'SEP001122334401',
});

for (const kind of databaseKindsUnderTest()) {
  describe(`the form of a rated number, across ingest runs (${kind})`, () => {
    let db: TestDatabase;
    const dir = makeTempDir('tollgate-number-form-');
    const query = async (sql: string) => (await db.dataSource.query(sql)) as Array<Record<string, unknown>>;

    beforeAll(async () => {
      db = await openTestDatabase(kind);
      const directory = createDirectoryImportService({
        dataSource: db.dataSource,
        events: createEventBus(() => undefined),
        log: pino({ level: 'silent' }),
      });
      await directory.importFiles(['lines.csv', 'devices.csv', 'gateways.csv', 'users.csv'].map((f) => join(demo, f)));
      const fields = cucmCdrHeaders['cucm-12.5'];
      const first = join(dir.path, 'cdr_StandAloneCluster_01_202611231000_1');
      const second = join(dir.path, 'cdr_StandAloneCluster_01_202611231005_2');
      writeFileSync(first, renderCucmFile('cdr', fields, [dialledOut]));
      writeFileSync(second, renderCucmFile('cdr', fields, [handedOn, internalAfter]));
      const options = {
        config: configSchema.parse({}),
        database: { url: db.url, ...(db.schema ? { schema: db.schema } : {}) },
        log: pino({ level: 'silent' }),
      };
      for (const file of [first, second]) expect((await ingestFiles([file], options)).failures).toEqual([]);
    }, 60_000);
    afterAll(async () => {
      await db?.close();
      dir.cleanup();
    });

    it('rates the outpulsed number as outpulsed, and the transferred rest of the call in the same form', async () => {
      const rows = await query(
        'SELECT dest_leg_id, direction, dialled_number, destination_e164, nation FROM calls ' +
          'WHERE global_call_id = 7001 ORDER BY dest_leg_id',
      );
      expect(
        rows.map((r) => [Number(r.dest_leg_id), r.direction, r.dialled_number, r.destination_e164, r.nation]),
      ).toEqual([
        [702, 'outgoing', '004930901820', '+4930901820', 'DE'],
        [704, 'outgoing', '004930901820', '+4930901820', 'DE'],
      ]);
    });

    it('keeps a waiting continuation as it was read while the records after it are read', async () => {
      const rows = await query(
        'SELECT global_call_id, orig_leg_id, dest_leg_id, direction, calling_number, dialled_number, ' +
          'duration_seconds FROM calls WHERE global_call_id = 7001 AND dest_leg_id = 704 OR global_call_id = 7002 ' +
          'ORDER BY dest_leg_id',
      );
      const n = (v: unknown) => Number(v);
      expect(
        rows.map((r) => [
          n(r.global_call_id),
          n(r.orig_leg_id),
          n(r.dest_leg_id),
          r.direction,
          r.calling_number,
          r.dialled_number,
          n(r.duration_seconds),
        ]),
      ).toEqual([
        [7001, 702, 704, 'outgoing', '004930901820', '004930901820', 180],
        [7002, 801, 802, 'internal', '2002', '2001', 60],
      ]);
    });
  });
}
