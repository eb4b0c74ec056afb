import { describe, expect, it } from 'vitest';
import type { DirectorySnapshot } from '../src/directory/index.js';
import { createDirectoryIndex } from './directory-index.js';

const gateway = (deviceName: string, pstn: boolean) => ({ deviceName, carrier: 'Tel', site: 'milan', pstn });
const snapshot = {
  lines: [],
  gateways: [gateway('GW_MILANO', true), gateway('ICT_LONDON', false)],
} as unknown as Pick<DirectorySnapshot, 'lines' | 'gateways'>;

describe('the directory index', () => {
  it('answers each device right when records alternate between devices, names repeating or not', () => {
    const index = createDirectoryIndex(snapshot, { pstnDevicePatterns: ['^SIP_TRUNK_'] });
    const asked = ['SEP001', 'GW_MILANO', 'SEP001', 'gw_milano', 'ICT_LONDON', 'SIP_TRUNK_A', 'SEP002', 'GW_MILANO'];
    const answers = [...asked, ...asked.slice().reverse(), ...asked].map((name) => {
      const g = index.gateway(name);
      return g ? `${g.deviceName}:${g.pstn}` : 'phone';
    });
    const once = [
      'phone',
      'GW_MILANO:true',
      'phone',
      'GW_MILANO:true',
      'ICT_LONDON:false',
      'SIP_TRUNK_A:true',
      'phone',
      'GW_MILANO:true',
    ];
    expect(answers).toEqual([...once, ...once.slice().reverse(), ...once]);
    expect(index.gateway('')).toBeUndefined();
  });
});

const line = (id: number, extension: string, partition: string) => ({
  id,
  extension,
  partition,
  site: 'milan',
  userId: id,
  user: { id, departmentId: 10 + id, costCentreId: 20 + id },
});

describe('the directory index, built once per directory version', () => {
  it('answers a device whose name only an upper case of another length makes a listed gateway', () => {
    const index = createDirectoryIndex(
      { lines: [], gateways: [gateway('GW_STRASSE', true)] } as unknown as typeof snapshot,
      { pstnDevicePatterns: [] },
    );
    // "ß" is "SS" in upper case: the name is one unit shorter than the gateway's, and still that gateway.
    expect(index.gateway('gw_straße')?.deviceName).toBe('GW_STRASSE');
    expect(index.gateway('gw_strasse')?.deviceName).toBe('GW_STRASSE');
    expect(index.gateway('SEP001122334455')).toBeUndefined();
    expect(index.gateway('GW_STRASSF')).toBeUndefined();
  });

  it('knows each line by extension and partition, and by extension alone where one partition has it', () => {
    const index = createDirectoryIndex(
      { lines: [line(1, '2001', 'PT_A'), line(2, '3000', 'PT_A'), line(3, '3000', 'PT_B')], gateways: [] } as never,
      { pstnDevicePatterns: [] },
    );
    expect(index.owner('2001', 'PT_A')).toMatchObject({ extension: '2001', known: true, line: { lineId: 1 } });
    // One owner object per line, whichever call asks.
    expect(index.owner('2001', 'PT_A')).toBe(index.soleOwner('2001'));
    expect(index.owner('3000', 'PT_B')?.line?.departmentId).toBe(13);
    expect(index.owner('2001', 'PT_B')).toBeUndefined();
    expect(index.soleOwner('3000')).toBeUndefined();
    expect(index.line('3000', 'PT_A')?.lineId).toBe(2);
    // Alternating partitions (the last one asked is remembered) answer each its own.
    expect(['PT_A', 'PT_B', 'PT_A'].map((p) => index.line('3000', p)?.lineId)).toEqual([2, 3, 2]);
  });

  it('answers from the new directory once rebuilt: a line added, a gateway gone', () => {
    const before = createDirectoryIndex(
      { lines: [line(1, '2001', 'PT_A')], gateways: [gateway('GW_MILANO', true)] } as never,
      { pstnDevicePatterns: [] },
    );
    const after = createDirectoryIndex(
      { lines: [line(1, '2001', 'PT_A'), line(2, '2002', 'PT_A')], gateways: [] } as never,
      { pstnDevicePatterns: [] },
    );
    expect([before.soleOwner('2002'), before.gateway('GW_MILANO')?.pstn]).toEqual([undefined, true]);
    expect([after.soleOwner('2002')?.line?.lineId, after.gateway('GW_MILANO')]).toEqual([2, undefined]);
  });
});
