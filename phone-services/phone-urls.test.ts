import { describe, expect, it } from 'vitest';
import { lineLabel } from './phone-directory.js';
import { createPhoneUrls, isDeviceName } from './phone-urls.js';
import { phoneReachableBaseUrl } from './public-base-url.js';
import { keyLayoutFor, placeKeys } from './softkey-layout.js';

describe('phone URLs', () => {
  it('carry the device name and the line on every screen URL', () => {
    const urls = createPhoneUrls('http://tollgate:8080/', 'SEP001122334455');
    expect(urls.menu()).toBe('http://tollgate:8080/phone/menu?name=SEP001122334455');
    expect(urls.unlockSubmit(12)).toBe('http://tollgate:8080/phone/unlock/submit?name=SEP001122334455&line=12');
  });

  it('fall back to a path, and say so, rather than exceed 256 characters', () => {
    const seen: string[] = [];
    const urls = createPhoneUrls(`http://${'a'.repeat(240)}.example.com`, 'SEP001122334455', (u) => seen.push(u));
    expect(urls.pinSubmit(3)).toBe('/phone/pin/submit?name=SEP001122334455&line=3');
    expect(seen).toHaveLength(1);
  });

  it('accept CUCM device names and nothing that could break a URL or a screen', () => {
    expect(['SEP001122334455', 'CSFJSMITH', 'BOTJDOE', 'TCT-anna_2'].every(isDeviceName)).toBe(true);
    expect(['', 'SEP 0011', '<script>', 'a'.repeat(65), 'SEP&line=1'].some(isDeviceName)).toBe(false);
  });
});

describe('softkey layout', () => {
  it('puts the action first on 79xx phones and Exit or Back first on newer ones', () => {
    expect(keyLayoutFor('CP-7942G', undefined)).toBe('action-first');
    expect(keyLayoutFor(undefined, 'Cisco 7965')).toBe('action-first');
    expect(keyLayoutFor('CP-8845', 'Cisco 7942')).toBe('exit-first');
    expect(keyLayoutFor('DP-9841', undefined)).toBe('exit-first');
    const keys = placeKeys(
      'exit-first',
      [{ name: 'Select', url: 'SoftKey:Select' }],
      [{ name: 'Exit', url: 'Init:Services' }],
    );
    expect(keys).toEqual([
      { name: 'Exit', url: 'Init:Services', position: 1 },
      { name: 'Select', url: 'SoftKey:Select', position: 2 },
    ]);
  });
});

describe('line labels', () => {
  it('add the partition only when the phone carries the extension twice', () => {
    const a = { id: 1, extension: '3005', partition: 'PT_A', site: null, user: null };
    const b = { id: 2, extension: '3005', partition: 'PT_B', site: null, user: null };
    const c = { id: 3, extension: '3006', partition: 'PT_A', site: null, user: null };
    expect([a, b, c].map((l) => lineLabel(l, [a, b, c]))).toEqual(['3005 PT_A', '3005 PT_B', '3006']);
  });
});

describe('the base URL phones reach Tollgate at', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '', mac: '', cidr: null }],
    eth0: [
      { address: 'fe80::1', family: 'IPv6', internal: false, netmask: '', mac: '', cidr: null, scopeid: 2 },
      { address: '10.1.2.3', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null },
    ],
  } as unknown as Parameters<typeof phoneReachableBaseUrl>[1];
  it('is http.publicUrl when set', () => {
    expect(
      phoneReachableBaseUrl(
        { publicUrl: 'http://tollgate.example.com:8080/', host: '0.0.0.0', port: 8080 },
        interfaces,
      ),
    ).toBe('http://tollgate.example.com:8080');
  });
  it('is the listener address, else the first external IPv4 address', () => {
    expect(phoneReachableBaseUrl({ publicUrl: '', host: '192.0.2.7', port: 9000 }, interfaces)).toBe(
      'http://192.0.2.7:9000',
    );
    expect(phoneReachableBaseUrl({ publicUrl: '', host: '0.0.0.0', port: 8080 }, interfaces)).toBe(
      'http://10.1.2.3:8080',
    );
  });
});
