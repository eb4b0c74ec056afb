import { describe, expect, it } from 'vitest';
import { createCsvTokenizer, type CsvRecordView } from './csv-tokenizer.js';
import { checkTypesLine, readCucmHeader } from './cucm-columns.js';
import { createCdrRecordReader, type ParsedCdr } from './parse-cdr-record.js';
import { createCmrRecordReader, type ParsedCmr } from './parse-cmr-record.js';
import { cucmCdrHeaders, cucmCmrHeader } from './testing/cucm-file-format.js';
import { renderCucmFile, renderCucmRecord } from './testing/render-cucm-file.js';

/** Feeds each line of `text` to `use` as the tokenizer delivers it. */
function eachLine<T>(text: string, use: (r: CsvRecordView) => T): T[] {
  const out: T[] = [];
  createCsvTokenizer({ newlinesInQuotes: false }).finish(Buffer.from(text), (r) => {
    out.push(use(r));
  });
  return out;
}

const fields = cucmCdrHeaders['cucm-12.5'];
const header = () => eachLine(renderCucmFile('cdr', fields, []).split('\n')[0] as string, readCucmHeader)[0];
const reader = () => {
  const h = header();
  if (h?.kind !== 'cdr') throw new Error('not a CDR header');
  return createCdrRecordReader(h.columns, fields.length, 'FromFileName');
};
const read = (values: Record<string, string | number>): ParsedCdr =>
  eachLine(
    renderCucmRecord('cdr', fields, { cdrRecordType: 1, dateTimeOrigination: 1795428000, ...values }),
    reader(),
  )[0] as ParsedCdr;

describe('CUCM header line', () => {
  it('recognises a CDR header whatever the release and finds columns by name', () => {
    for (const names of Object.values(cucmCdrHeaders)) {
      const h = eachLine(names.map((n) => `"${n}"`).join(','), readCucmHeader)[0];
      expect(h?.kind).toBe('cdr');
      if (h?.kind === 'cdr') expect(names[h.columns.finalCalledNumber]).toBe('finalCalledPartyNumber');
    }
  });

  it('matches names without regard to case and marks absent optional columns', () => {
    const h = eachLine(
      '"CDRRECORDTYPE","globalcallid_callmanagerid","globalCallID_callId","origLegCallIdentifier",' +
        '"destLegIdentifier","dateTimeOrigination","dateTimeConnect","dateTimeDisconnect","duration",' +
        '"callingPartyNumber","originalCalledPartyNumber","finalCalledPartyNumber","origDeviceName","destDeviceName"',
      readCucmHeader,
    )[0];
    expect(h?.kind).toBe('cdr');
    if (h?.kind === 'cdr') {
      expect(h.columns.recordType).toBe(0);
      expect(h.columns.huntPilotDn).toBe(-1);
    }
  });

  it('recognises a CMR header', () => {
    expect(eachLine(cucmCmrHeader.map((n) => `"${n}"`).join(','), readCucmHeader)[0]?.kind).toBe('cmr');
  });

  it('refuses a CDR header that lacks a field accounting needs, naming it', () => {
    const names = fields.filter((f) => f !== 'dateTimeConnect');
    expect(eachLine(names.map((n) => `"${n}"`).join(','), readCucmHeader)[0]).toEqual({
      kind: 'unknown',
      reason: 'CDR header lacks dateTimeConnect',
    });
  });

  it('checks the field-types line and tells it from a data line', () => {
    const lines = renderCucmFile('cdr', fields, [{ cdrRecordType: 1 }]).split('\n');
    expect(eachLine(lines[1] as string, (r) => checkTypesLine(r, fields.length))[0]).toEqual({ kind: 'types' });
    expect(eachLine(lines[2] as string, (r) => checkTypesLine(r, fields.length))[0]).toEqual({ kind: 'data' });
    expect(eachLine('INTEGER,INTEGER', (r) => checkTypesLine(r, fields.length))[0]?.kind).toBe('bad');
  });
});

describe('CDR record reader', () => {
  it('converts a record: instants, no-connect as null, signed IPs, text IPs first, cluster id', () => {
    const parsed = read({
      dateTimeConnect: 0,
      dateTimeDisconnect: 1795428020,
      origIpAddr: -1139562304,
      destIpAddr: -1139562304,
      destIpv4v6Addr: '2001:db8::1',
      globalCallId_ClusterID: '',
    });
    expect(parsed.outcome).toBe('record');
    if (parsed.outcome !== 'record') return;
    expect(parsed.record).toMatchObject({
      startedAt: 1795428000,
      connectedAt: null,
      endedAt: 1795428020,
      origIp: '192.168.19.188',
      destIp: '2001:db8::1',
      clusterId: 'FromFileName',
    });
  });

  it('prefers the real IPv4 of origIpAddr/destIpAddr when the IPv4/IPv6 column says :: or 0.0.0.0', () => {
    // As CUCM wrote 3 of 1,032 real CDRs: "::" in origIpv4v6Addr, the phone's IPv4 in origIpAddr.
    const parsed = read({
      origIpAddr: -1139562304,
      origIpv4v6Addr: '::',
      destIpAddr: -1122785088,
      destIpv4v6Addr: '0.0.0.0',
    });
    expect(parsed.outcome === 'record' && [parsed.record.origIp, parsed.record.destIp]).toEqual([
      '192.168.19.188',
      '192.168.19.189',
    ]);
    const none = read({ origIpAddr: 0, origIpv4v6Addr: '::', destIpAddr: -1122785088, destIpv4v6Addr: '10.1.2.3' });
    expect(none.outcome === 'record' && [none.record.origIp, none.record.destIp]).toEqual(['::', '10.1.2.3']);
  });

  it('keeps numbers as strings, with + # and * intact', () => {
    const parsed = read({
      callingPartyNumber: '+390212345678',
      originalCalledPartyNumber: '*86#',
      finalCalledPartyNumber: '0012125551234#',
    });
    expect(
      parsed.outcome === 'record' && [
        parsed.record.callingNumber,
        parsed.record.originalCalledNumber,
        parsed.record.finalCalledNumber,
      ],
    ).toEqual(['+390212345678', '*86#', '0012125551234#']);
  });

  it('reads each line of a file into its own values, a bad line between them changing nothing', () => {
    const line = (values: Record<string, string | number>) =>
      renderCucmRecord('cdr', fields, { cdrRecordType: 1, dateTimeOrigination: 1795428000, ...values });
    const text = [
      line({ origDeviceName: 'SEP0011', callingPartyNumber: '2001', huntPilotDN: '', globalCallID_callId: 1 }),
      line({ origDeviceName: 'SEP0022', callingPartyNumber: '', huntPilotDN: '3000', globalCallID_callId: 2 }),
      line({ origDeviceName: 'SEP0011', duration: 'x', globalCallID_callId: 3 }),
      line({ origDeviceName: 'SEP0011', callingPartyNumber: '2001', globalCallID_callId: 4 }),
    ].join('\r\n');
    const readOne = reader();
    const seen = eachLine(text, (r) => {
      const parsed = readOne(r);
      return parsed.outcome === 'record'
        ? [parsed.record.globalCallId, parsed.record.origDevice, parsed.record.callingNumber, parsed.record.huntPilotDn]
        : parsed.outcome;
    });
    expect(seen).toEqual([
      [1, 'SEP0011', '2001', ''],
      [2, 'SEP0022', '', '3000'],
      'rejected',
      [4, 'SEP0011', '2001', ''],
    ]);
  });

  it('skips start records (cdrRecordType 0) without rejecting them', () => {
    expect(read({ cdrRecordType: 0 })).toEqual({ outcome: 'skipped', reason: 'start record (cdrRecordType 0)' });
  });

  it('rejects a date that is not epoch seconds, and a number that is not a number', () => {
    expect(read({ dateTimeOrigination: 20261123 })).toEqual({
      outcome: 'rejected',
      reason: 'dateTimeOrigination is not a date: 20261123',
    });
    const text = renderCucmRecord('cdr', fields, { cdrRecordType: 1, dateTimeOrigination: 1795428000 }).replace(
      /^1,0,/,
      '1,x1,',
    );
    expect(eachLine(text, reader())[0]).toEqual({
      outcome: 'rejected',
      reason: 'globalCallID_callManagerId is not a number: "x1"',
    });
  });
});

describe('CMR record reader', () => {
  const cmr = (values: Record<string, string | number>): ParsedCmr => {
    const h = eachLine(cucmCmrHeader.map((n) => `"${n}"`).join(','), readCucmHeader)[0];
    if (h?.kind !== 'cmr') throw new Error('not a CMR header');
    return eachLine(
      renderCucmRecord('cmr', cucmCmrHeader, {
        cdrRecordType: 2,
        globalCallID_callManagerId: 1,
        globalCallID_callId: 9,
        callIdentifier: 77,
        ...values,
      }),
      createCmrRecordReader(h.columns, cucmCmrHeader.length, 'C'),
    )[0] as ParsedCmr;
  };

  it('reads counters padded with blanks or left empty, as SIP trunk CMRs have them', () => {
    const parsed = cmr({ numberPacketsSent: ' 3775 ', jitter: '', latency: '4 ', varVQMetrics: 'MLQKav=3.5' });
    expect(parsed.outcome === 'record' && parsed.record).toMatchObject({
      packetsSent: 3775,
      jitterMs: 0,
      latencyMs: 4,
      mos: 3.5,
      legId: 77,
      clusterId: 'C',
    });
  });

  it('rejects a CMR without its leg', () => {
    expect(cmr({ callIdentifier: '' })).toEqual({ outcome: 'rejected', reason: 'callIdentifier is empty' });
  });
});
