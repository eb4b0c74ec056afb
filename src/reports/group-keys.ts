import { callCodeColumn } from '../store/index.js';
import { callFields } from './call-fields.js';

export interface GroupKey {
  label: string;
  /** SQL over `c` (calls) the calls are grouped by. */
  sql: string;
  /**
   * For ids: the table joined to the grouped rows `g` and the SQL naming the group. `labelIsKey`: the id is the
   * code of a text (call-columns.ts, `coded`), and that text is the group's key as well as its label.
   */
  lookup?: { join: string; label: string; labelIsKey?: boolean };
  /** Group values may be external numbers (masked for viewers without the right). */
  externalNumber?: boolean;
}

/** What cost and traffic can be grouped by (user guide §2.3, "Group Cost By …"). */
export const groupKeys = {
  area: { label: 'Area', sql: 'c.destination_name' },
  department: {
    label: 'Department',
    sql: 'c.department_id',
    lookup: { join: 'LEFT JOIN departments d ON d.id = g.group_key', label: 'd.name' },
  },
  extension: { label: 'Extension', sql: 'c.owner_extension' },
  user: {
    label: 'User',
    sql: 'c.owner_user_id',
    lookup: { join: 'LEFT JOIN users u ON u.id = g.group_key', label: 'u.username' },
  },
  carrier: {
    label: 'Carrier',
    sql: `c.${callCodeColumn('carrier')}`,
    lookup: { join: 'LEFT JOIN call_texts gt ON gt.id = g.group_key', label: 'gt.text', labelIsKey: true },
  },
  costCentre: {
    label: 'Cost centre',
    sql: 'c.cost_centre_id',
    lookup: { join: 'LEFT JOIN cost_centres cc ON cc.id = g.group_key', label: 'cc.code' },
  },
  gateway: { label: 'Gateway', sql: 'c.gateway' },
  nation: { label: 'Nation', sql: 'c.nation' },
  number: { label: 'Number', sql: callFields.number.sql, externalNumber: true },
  destinationType: { label: 'Destination type', sql: 'c.destination_type' },
  direction: { label: 'Direction', sql: 'c.direction' },
  site: { label: 'Site', sql: 'c.site' },
} satisfies Record<string, GroupKey>;

export type GroupKeyName = keyof typeof groupKeys;
export const groupKeyNames = Object.keys(groupKeys) as [GroupKeyName, ...GroupKeyName[]];

export function groupKey(name: GroupKeyName): GroupKey {
  return groupKeys[name];
}
