import { describe, expect, it } from 'vitest';
import { planDirectorySync, type CurrentRow, type SourceData } from './index.js';
import { emptyDirectory } from './testing/empty-directory.js';

const none = emptyDirectory();
const ldap = (people: SourceData['people'], lines: SourceData['lines'] = []): SourceData => ({
  source: 'ldap',
  people,
  lines,
  devices: null,
  gateways: null,
});
const axl = (
  people: SourceData['people'],
  lines: SourceData['lines'] = [],
  devices: SourceData['devices'] = [],
): SourceData => ({
  source: 'axl',
  people,
  lines,
  devices,
  gateways: [],
});
const precedence = { people: 'ldap' as const, lines: 'axl' as const };
const row = (
  id: number,
  key: string,
  values: CurrentRow['values'],
  syncSource: CurrentRow['syncSource'] = 'ldap',
): CurrentRow => ({ id, key, syncSource, goneAt: null, values });

describe('planDirectorySync precedence', () => {
  it('takes people from LDAP and fills only the fields LDAP leaves empty from AXL', () => {
    const plan = planDirectorySync(
      none,
      [
        ldap([{ username: 'ann', firstName: 'Ann', department: 'Sales', manager: null, extension: '4001' }]),
        axl([
          { username: 'ann', firstName: 'Annie', department: 'CUCM-Sales', manager: 'boss' },
          { username: 'cucm-only', firstName: 'Nobody' },
        ]),
      ],
      precedence,
    );
    expect(plan.users.add).toEqual([
      { key: 'ann', values: { firstName: 'Ann', department: 'Sales', manager: 'boss', syncSource: 'ldap' } },
    ]);
  });

  it('lets an AXL-only run fill empty fields of LDAP users but never overwrite them, add or remove users', () => {
    const current = { ...none, users: [row(1, 'ann', { firstName: 'Ann', department: 'Sales', manager: null })] };
    const plan = planDirectorySync(
      current,
      [axl([{ username: 'ann', firstName: 'Annie', department: 'CUCM-Sales', manager: 'boss' }, { username: 'zed' }])],
      precedence,
    );
    expect(plan.users).toEqual({
      add: [],
      remove: [],
      change: [{ key: 'ann', id: 1, changes: [{ field: 'manager', from: null, to: 'boss' }] }],
    });
  });

  it('takes lines from AXL; an owner AXL does not name comes from the LDAP user with that extension', () => {
    const current = { ...none, users: [row(1, 'ann', {}), row(2, 'bob', {})] };
    const plan = planDirectorySync(
      current,
      [
        ldap(
          [
            { username: 'ann', extension: '4001' },
            { username: 'bob', extension: '4002' },
          ],
          [{ extension: '4001', partition: '', owner: 'ann' }],
        ),
        axl(null, [
          { extension: '4001', partition: 'PT', description: 'A', owner: null },
          { extension: '4002', partition: 'PT', description: 'B', owner: 'ann' },
        ]),
      ],
      precedence,
    );
    expect(plan.lines.add.map((a) => [a.key, a.values.owner])).toEqual([
      ['4001/PT', 'ann'],
      ['4002/PT', 'ann'],
    ]);
  });

  it('removes only rows the running source keeps, never rows loaded from CSV files or kept by the other source', () => {
    const current = {
      ...none,
      users: [row(1, 'gone-ldap', {}), row(2, 'from-csv', {}, null), row(3, 'from-axl', {}, 'axl')],
      lines: [row(4, '4001/PT', {}, 'axl')],
    };
    const plan = planDirectorySync(current, [ldap([])], precedence);
    expect(plan.users.remove).toEqual([{ key: 'gone-ldap', id: 1 }]);
    expect(plan.lines.remove).toEqual([]);
  });

  it('adopts a CSV row the source lists and revives a gone one', () => {
    const current = {
      ...none,
      users: [
        row(1, 'csv', { firstName: 'C' }, null),
        { ...row(2, 'back', { firstName: 'B' }), goneAt: Date.UTC(2026, 0, 1) },
      ],
    };
    const plan = planDirectorySync(
      current,
      [
        ldap([
          { username: 'csv', firstName: 'C' },
          { username: 'back', firstName: 'B' },
        ]),
      ],
      precedence,
    );
    expect(plan.users.change).toEqual([
      { key: 'csv', id: 1, changes: [{ field: 'syncSource', from: null, to: 'ldap' }] },
      { key: 'back', id: 2, changes: [{ field: 'goneAt', from: '2026-01-01T00:00:00.000Z', to: null }] },
    ]);
  });

  it("drops a phone's line that is in no source with a warning, and an owner who is not a user", () => {
    const plan = planDirectorySync(
      none,
      [
        axl(
          null,
          [{ extension: '1', partition: '', description: '', owner: null }],
          [
            {
              name: 'SEP1',
              model: 'm',
              description: '',
              owner: 'ghost',
              lines: [
                { extension: '1', partition: '' },
                { extension: '9', partition: '' },
              ],
            },
          ],
        ),
      ],
      precedence,
    );
    expect(plan.devices.add[0]?.values).toMatchObject({ owner: null, lines: '1/' });
    expect(plan.warnings).toEqual(['phone SEP1: line(s) 9/ not in the directory']);
  });
});
