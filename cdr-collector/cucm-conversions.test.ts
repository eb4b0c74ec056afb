import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createIpv4TextCache,
  isUnspecifiedAddress,
  parseCucmFileName,
  parseVqMetrics,
  signedIntToIpv4,
} from './cucm-conversions.js';

describe('CUCM signed-integer IPv4 addresses', () => {
  it('answers through its cache exactly what the conversion answers, also when values share a slot', () => {
    const cached = createIpv4TextCache(2);
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer(), fc.constant(0), fc.constant(2 ** 32), fc.double())), (values) => {
        for (const value of [...values, ...values]) expect(cached(value)).toBe(signedIntToIpv4(value));
      }),
    );
  });

  it('reads the lowest byte as the first octet, as the CDR field descriptions say', () => {
    expect(signedIntToIpv4(-1139562304)).toBe('192.168.19.188');
    expect(signedIntToIpv4(16777343)).toBe('127.0.0.1');
  });

  it('answers an empty address for 0 (no address) and for values out of 32-bit range', () => {
    expect(signedIntToIpv4(0)).toBe('');
    expect(signedIntToIpv4(2 ** 32)).toBe('');
    expect(signedIntToIpv4(1.5)).toBe('');
  });

  it('turns every dotted address back into the integer CUCM would write', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const [a, b, c, d] = ip.split('.').map(Number) as [number, number, number, number];
        const signed = (a | (b << 8) | (c << 16) | (d << 24)) >> 0;
        fc.pre(signed !== 0);
        expect(signedIntToIpv4(signed)).toBe(ip);
      }),
    );
  });
});

describe('unspecified addresses', () => {
  it('knows the spellings of "no address": empty, 0.0.0.0, :: and the other all-zero IPv6 forms', () => {
    for (const text of ['', '0.0.0.0', '::', '::0', '0::0', '0:0:0:0:0:0:0:0', '::ffff:0.0.0.0', '::FFFF:0.0.0.0'])
      expect(isUnspecifiedAddress(text), text).toBe(true);
  });

  it('takes any real address as specified', () => {
    for (const text of ['192.168.19.188', '10.0.0.1', '0.0.0.1', '::1', '2001:db8::1', 'fe80::1', '::ffff:10.1.2.3'])
      expect(isUnspecifiedAddress(text), text).toBe(false);
  });
});

describe('CMR varVQMetrics', () => {
  it('takes the average MOS and its range', () => {
    expect(parseVqMetrics('MLQK=4.1000;MLQKav=4.0500;MLQKmn=3.8000;MLQKmx=4.2000;CCR=0.0010;ICR=0.0000')).toEqual({
      mosAverage: 4.05,
      mosMin: 3.8,
      mosMax: 4.2,
      concealmentRatio: 0.001,
    });
  });

  it('falls back to MLQK when there is no average, and treats 0 as not measured', () => {
    expect(parseVqMetrics('MLQK=3.9').mosAverage).toBe(3.9);
    expect(parseVqMetrics('MLQKav=0.0000;CS=0').mosAverage).toBeNull();
  });

  it('reads nothing from an empty or codec-only field', () => {
    expect(parseVqMetrics('')).toEqual({ mosAverage: null, mosMin: null, mosMax: null, concealmentRatio: null });
    expect(parseVqMetrics('CS=5;SCS=0;VoRxCodec=G.722 64k').mosAverage).toBeNull();
  });
});

describe('CUCM file names', () => {
  it('reads tag, cluster, node, UTC minute and sequence number', () => {
    expect(parseCucmFileName('cdr_StandAloneCluster_01_202611221658_123')).toEqual({
      kind: 'cdr',
      clusterId: 'StandAloneCluster',
      nodeId: '01',
      at: new Date('2026-11-22T16:58:00Z'),
      sequence: 123,
    });
  });

  it('keeps underscores inside the cluster id', () => {
    expect(parseCucmFileName('cmr_Cluster_East_02_202404061011_6125')).toMatchObject({
      kind: 'cmr',
      clusterId: 'Cluster_East',
      nodeId: '02',
    });
  });

  it('answers null for names CUCM does not write', () => {
    expect(parseCucmFileName('calls.csv')).toBeNull();
    expect(parseCucmFileName('cdr_Cluster_01_2026112216_1')).toBeNull();
  });
});
