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
