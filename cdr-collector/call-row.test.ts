import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { callDirectionCodes, packCallDetail, unpackCallDetail } from '../src/store/index.js';
import type { RatingOutcome } from './call-rater.js';
import {
  callInsertColumns,
  callRowColumnAt,
  createCallRowScratch,
  createCallSummaryColumns,
  writeCallRow,
  type CallRowValues,
} from './call-row.js';
import type { CallClassification } from './classify-call.js';
import { createDetailTextCodes, type DetailTextCodes } from './detail-text-codes.js';
import { createJsonbArrayWriter } from './jsonb-array-writer.js';
import { createPackedCallRowsWriter, unpackCallRows } from './packed-call-rows.js';
import { unpackStoredCalls } from './packed-stored-calls.js';
import type { CallRecord } from './parse-cdr-record.js';
import { blankCallRecord } from './testing/blank-call-record.js';

const call = (values: Partial<CallRecord>): CallRecord =>
  blankCallRecord({ globalCallId: 7, callingNumber: '2001', origCause: 0, ...values });

const line = { lineId: 3, extension: '2001', partition: 'PT', site: 'milan', userId: 4, departmentId: 5 };
const ownerLine = { ...line, costCentreId: 6 };
const outgoing: CallClassification = {
  direction: 'outgoing',
  answered: true,
  owner: { extension: '2001', partition: 'PT', known: true, line: ownerLine },
  gateway: { deviceName: 'GW', carrier: 'Tel', site: 'milan', pstn: true },
  dialledNumber: '00390212345',
  numberForm: 'dialled',
  numberingSite: 'milan',
  site: 'milan',
  unknownExtension: '',
};
const rated: RatingOutcome = {
  rated: true,
  costMinor: 123,
  currency: 'EUR',
  plan: 'p',
  row: 'r',
  destinationE164: '+390212345',
  nation: 'IT',
  destinationType: 'fixed-national',
  destinationName: 'Milano',
};

const DETAIL = callInsertColumns.indexOf('detail');
const at = (column: string) => callInsertColumns.indexOf(column);

function rowsOf(
  calls: CallRecord[],
  rating: RatingOutcome | null = rated,
  codes?: DetailTextCodes,
  jsonb = false,
): CallRowValues[] {
  const writer = createPackedCallRowsWriter(callInsertColumns.length, 1);
  const scratch = createCallRowScratch();
  const detailAsJsonb = jsonb ? createJsonbArrayWriter() : undefined;
  for (const c of calls) writeCallRow(writer, scratch, c, outgoing, rating, 0, codes, detailAsJsonb);
  return unpackCallRows(writer.finish());
}

/** SQLite's `jsonb()` of a JSON text (better-sqlite3 in memory; it ships no types here). */
const sqlite = new (
  createRequire(import.meta.url)('better-sqlite3') as new (path: string) => {
    prepare(sql: string): { pluck(): { get(value: unknown): unknown } };
  }
)(':memory:');
const jsonbOf = (json: string) => sqlite.prepare('SELECT jsonb(?)').pluck().get(json) as Buffer;

describe('writing a call row', () => {
  it('packs the detail exactly as packCallDetail does, odd texts included', () => {
    const odd = [
      call({}),
      call({ callingPartition: 'P"T\\1', origDevice: 'SEP\u0001', destDevice: 'Zürich 東京 😀', origCause: 16 }),
      call({ destIp: '10.0.0.1', authorizationLevel: -2147483648, huntPilotDn: '\ud800 lone' }),
      call({ finalCalledNumber: '9'.repeat(500), lastRedirectReason: 2 ** 31 }),
    ];
    for (const [i, row] of rowsOf(odd).entries()) {
      const c = odd[i] as CallRecord;
      const fields = [
        c.callingPartition,
        c.originalCalledNumber,
        c.originalCalledPartition,
        c.finalCalledNumber.slice(0, 64),
        c.finalCalledPartition,
        c.lastRedirectDn,
        c.lastRedirectDnPartition,
        c.outpulsedCallingNumber,
        c.origDevice,
        c.destDevice,
        c.origCause,
        c.destCause,
        c.origRedirectReason,
        c.lastRedirectReason,
        c.huntPilotDn,
        c.authCodeDescription,
        c.authorizationLevel,
        c.clientMatterCode,
        c.origIp,
        c.destIp,
      ];
      expect(row[DETAIL]).toBe(packCallDetail(fields));
      const unpacked = unpackCallDetail(row[DETAIL] as string | null);
      expect(unpacked.finalCalledNumber).toBe(c.finalCalledNumber.slice(0, 64));
      // Integer fields written as null for 0 read back as 0.
      expect([unpacked.origCause, unpacked.destCause, unpacked.authorizationLevel]).toEqual([
        c.origCause,
        c.destCause,
        c.authorizationLevel,
      ]);
    }
    expect(rowsOf([call({})])[0]?.[DETAIL]).toBeNull();
  });

  it("writes the detail as the JSONB bytes SQLite's jsonb() makes of its JSON text, when asked", () => {
    const codes = createDetailTextCodes();
    codes.learn([
      { kind: 'partition', text: 'PT', code: 3 },
      { kind: 'device', text: 'SEP001122334455', code: 77 },
    ]);
    const calls = [
      call({ callingPartition: 'P"T\\1', origDevice: 'SEP\u0001', destDevice: 'Zürich 東京 😀', origCause: 16 }),
      call({ destIp: '10.0.0.1', authorizationLevel: -2147483648, huntPilotDn: '\ud800 lone' }),
      call({ finalCalledNumber: '9'.repeat(500), lastRedirectReason: 2 ** 31 }),
      call({ originalCalledNumber: '0612', finalCalledNumber: '0612', origCause: 16 }),
      call({ callingPartition: 'PT', origDevice: 'SEP001122334455', destDevice: 'SEP001122334455', origCause: 16 }),
      call({}),
    ];
    const texts = rowsOf(calls, rated, codes);
    const bytes = rowsOf(calls, rated, codes, true);
    for (const [i, row] of bytes.entries()) {
      const text = texts[i]?.[DETAIL] as string | null;
      const detail = row[DETAIL];
      if (text === null) expect(detail).toBeNull();
      else {
        expect(detail).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(detail as Uint8Array).toString('hex')).toBe(jsonbOf(text).toString('hex'));
      }
      // The other columns are the same either way.
      expect(row.filter((_, j) => j !== DETAIL)).toEqual(texts[i]?.filter((_, j) => j !== DETAIL));
    }
    expect(bytes.at(-1)?.[DETAIL]).toBeNull();
  });

  it('writes a final called number equal to the original as null, which reads back as the original', () => {
    const [same, other, empty] = rowsOf([
      call({ originalCalledNumber: '0612', finalCalledNumber: '0612', origCause: 16 }),
      call({ originalCalledNumber: '0612', finalCalledNumber: '0613', origCause: 16 }),
      call({ originalCalledNumber: '', finalCalledNumber: '', origCause: 16 }),
    ]);
    expect(JSON.parse(same?.[DETAIL] as string)).toEqual(['', '0612', '', null, '', '', '', '', '', '', 16]);
    expect(unpackCallDetail(same?.[DETAIL] as string).finalCalledNumber).toBe('0612');
    expect(JSON.parse(other?.[DETAIL] as string)[3]).toBe('0613');
    expect(JSON.parse(empty?.[DETAIL] as string)[3]).toBe('');
  });

  it("writes an original called number equal to the owner's extension as null, which reads back as it", () => {
    // The owner (`outgoing`'s) is 2001, as on an incoming call to 2001.
    const [own, other] = rowsOf([
      call({ originalCalledNumber: '2001', finalCalledNumber: '2001', origCause: 16 }),
      call({ originalCalledNumber: '2002', finalCalledNumber: '2001', origCause: 16 }),
    ]);
    expect(JSON.parse(own?.[DETAIL] as string).slice(0, 4)).toEqual(['', null, '', null]);
    const read = unpackCallDetail(own?.[DETAIL] as string, { ownerExtension: '2001' });
    expect([read.originalCalledNumber, read.finalCalledNumber]).toEqual(['2001', '2001']);
    expect(() => unpackCallDetail(own?.[DETAIL] as string)).toThrow(/ownerExtension/);
    expect(JSON.parse(other?.[DETAIL] as string).slice(0, 4)).toEqual(['', '2002', '', '2001']);
  });

  it("writes a final called partition equal to the original's as null, even when its text has a code", () => {
    const codes = createDetailTextCodes();
    codes.learn([{ kind: 'partition', text: 'PT', code: 3 }]);
    const partitions = { originalCalledNumber: '0612', finalCalledNumber: '0613', origCause: 16 };
    const [same, other] = rowsOf(
      [
        call({ ...partitions, originalCalledPartition: 'PT', finalCalledPartition: 'PT' }),
        call({ ...partitions, originalCalledPartition: 'PT', finalCalledPartition: 'PT2' }),
      ],
      rated,
      codes,
    );
    expect(JSON.parse(same?.[DETAIL] as string).slice(0, 5)).toEqual(['', '0612', 3, '0613', null]);
    expect(unpackCallDetail(same?.[DETAIL] as string).finalCalledPartition).toBe(3);
    expect(JSON.parse(other?.[DETAIL] as string).slice(0, 5)).toEqual(['', '0612', 3, '0613', 'PT2']);
  });

  it('writes partitions, devices and IPs as codes once known, and asks for the texts it has no code for', () => {
    const codes = createDetailTextCodes();
    codes.learn([
      { kind: 'device', text: 'SEP01', code: 7 },
      { kind: 'partition', text: 'PT', code: 3 },
    ]);
    const c = call({ callingPartition: 'PT', origDevice: 'SEP01', destDevice: 'SEP02', destIp: '10.0.0.2' });
    const [row] = rowsOf([c, c], rated, codes);
    expect(JSON.parse(row?.[DETAIL] as string)).toEqual([
      3,
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      7,
      'SEP02',
      // Integer fields' 0 as null (one byte in JSONB).
      null,
      null,
      null,
      null,
      '',
      '',
      null,
      '',
      '',
      '10.0.0.2',
    ]);
    // Each text once per batch, and none of those known.
    expect(codes.take()).toEqual([
      { kind: 'device', text: 'SEP02' },
      { kind: 'ip', text: '10.0.0.2' },
    ]);
    expect(codes.take()).toEqual([]);
  });

  it('keeps at most so many codes per kind: past that a text stays a text and is not asked for', () => {
    const codes = createDetailTextCodes(2);
    codes.learn([
      { kind: 'device', text: 'A', code: 1 },
      { kind: 'device', text: 'B', code: 2 },
      { kind: 'device', text: 'C', code: 3 },
    ]);
    expect([codes.codeOf('device', 'A'), codes.codeOf('device', 'C'), codes.codeOf('device', 'D')]).toEqual([
      1,
      undefined,
      undefined,
    ]);
    expect(codes.take()).toEqual([]);
    expect(codes.codeOf('ip', 'x')).toBeUndefined();
    expect(codes.take()).toEqual([{ kind: 'ip', text: 'x' }]);
  });

  it('writes one value per column, texts cut to the column limit', () => {
    const [row] = rowsOf([call({ callingNumber: '1'.repeat(70) })]);
    expect(row).toHaveLength(callInsertColumns.length);
    expect(row?.[at('calling_number_if_other')]).toBe('1'.repeat(64));
    expect(row?.[at('cost_minor')]).toBe(123);
    expect(row?.[at('answered')]).toBe(true);
    expect(row?.[at('connected_at')]).toBe(1795428005);
    expect(row?.[at('unrated_reason')]).toBeNull();
    expect(rowsOf([call({ connectedAt: null })], null)[0]?.[at('cost_minor')]).toBeNull();
  });

  it('writes the stored columns of generated ones: the direction as its code, numbers null when repeated', () => {
    const incoming: CallClassification = { ...outgoing, direction: 'incoming', dialledNumber: '0612' };
    const writer = createPackedCallRowsWriter(callInsertColumns.length, 1);
    const scratch = createCallRowScratch();
    writeCallRow(writer, scratch, call({ outpulsedCalledNumber: '00390212345' }), outgoing, rated, 0);
    writeCallRow(writer, scratch, call({ callingNumber: '0612', outpulsedCalledNumber: '' }), incoming, null, 0);
    writeCallRow(
      writer,
      scratch,
      call({ outpulsedCalledNumber: '390212345' }),
      { ...outgoing, direction: 'transit' },
      rated,
      0,
    );
    const rows = unpackCallRows(writer.finish());
    const of = (column: string) => rows.map((r) => r[at(column)]);
    expect(at('direction')).toBe(-1);
    expect(of('direction_code')).toEqual(
      ['outgoing', 'incoming', 'transit'].map((d) => callDirectionCodes.indexOf(d as never)),
    );
    // The owner's own number, then another's.
    expect(of('calling_number_if_other')).toEqual([null, '0612', null]);
    // The dialled number outpulsed as it is, nothing outpulsed, a number CUCM changed.
    expect(of('outpulsed_called_number_if_other')).toEqual([null, '', '390212345']);
    // The store reads the direction back from its code (the summaries key by it).
    const direction = callRowColumnAt('direction');
    expect(rows.map((r) => direction.read?.(r[direction.at] as CallRowValues[number], r))).toEqual([
      'outgoing',
      'incoming',
      'transit',
    ]);
    const calling = callRowColumnAt('calling_number');
    expect(rows.map((r) => calling.read?.(r[calling.at] as CallRowValues[number], r))).toEqual([
      '2001',
      '0612',
      '2001',
    ]);
  });

  it('refuses a direction it has no code for rather than store another', () => {
    const writer = createPackedCallRowsWriter(callInsertColumns.length, 1);
    const odd = { ...outgoing, direction: 'sideways' } as unknown as CallClassification;
    expect(() => writeCallRow(writer, createCallRowScratch(), call({}), odd, rated, 0)).toThrow(/sideways/);
  });

  it('keeps what calls.stored needs and summarises only the calls the store stored', () => {
    const summaries = createCallSummaryColumns();
    const scratch = createCallRowScratch();
    const writer = createPackedCallRowsWriter(callInsertColumns.length);
    for (const globalCallId of [1, 2, 3]) {
      writeCallRow(writer, scratch, call({ globalCallId }), outgoing, rated, 0);
      summaries.add(scratch);
    }
    const stored = unpackStoredCalls(summaries.stored([11, 0, 13]));
    expect(stored.map((s) => s.id)).toEqual([11, 13]);
    expect(stored[0]).toEqual({
      id: 11,
      startedAt: new Date(1795428000 * 1000),
      direction: 'outgoing',
      answered: true,
      ownerLineId: 3,
      ownerUserId: 4,
      departmentId: 5,
      costCentreId: 6,
      destinationType: 'fixed-national',
      costMinor: 123,
      currency: 'EUR',
    });
  });
});
