import type { XmlValue } from './parse-axl-xml.js';
import { asList } from './parse-axl-xml.js';
import {
  lineKeyOf,
  type LineKey,
  type SourceData,
  type SourceDevice,
  type SourceGateway,
  type SourceLine,
  type SourcePerson,
} from './sync-model.js';

type Row = XmlValue | Record<string, unknown>;
const field = (row: Row | undefined, name: string): unknown =>
  typeof row === 'object' && row !== null && !Array.isArray(row) ? (row as Record<string, unknown>)[name] : undefined;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** CUCM locale names (userLocale) of the languages Tollgate speaks. */
const localeLanguages: Record<string, string> = {
  english: 'en',
  german: 'de',
  french: 'fr',
  spanish: 'es',
  arabic: 'ar',
  polish: 'pl',
  italian: 'it',
};

type PendingLine = LineKey & { index: number };

/**
 * Maps AXL rows to the directory's people, lines, phones and gateways one row at a time (pure), so
 * that a reader keeps only these and drops each page of AXL rows as soon as it is mapped. A line's
 * owner, known only once everything is read, is the end user whose primary extension it is, else
 * the owner of a phone it is the first line of, else of any phone it is on.
 *
 * Memory (a 20,000-user directory is ~100,000 rows held until the plan is made): every row is an
 * object literal of one fixed shape, made once and finished in place. Node 20's V8 gives each
 * object made by spreading (`{ ...row, owner }`) a hidden class of its own, some 300 bytes a row.
 * Values that repeat (partitions, departments, models, usernames named as owners or managers) are
 * kept once: each AXL text is a string of its own.
 */
export function createAxlRowMapper() {
  const people: SourcePerson[] = [];
  const primaryOwner = new Map<string, string>();
  const lines: SourceLine[] = [];
  const devices = new Map<string, SourceDevice>();
  const pendingLines = new Map<SourceDevice, PendingLine[]>();
  const gateways: SourceGateway[] = [];
  const shared = new Map<string, string>();
  const once = (value: string): string => {
    const known = shared.get(value);
    if (known !== undefined) return known;
    shared.set(value, value);
    return value;
  };

  const device = (name: string, model: string, description: string, owner: string | null): PendingLine[] => {
    const found = devices.get(name);
    if (found) return pendingLines.get(found)!;
    const added: SourceDevice = { name, model: once(model), description, owner: owner && once(owner), lines: [] };
    const pending: PendingLine[] = [];
    devices.set(name, added);
    pendingLines.set(added, pending);
    return pending;
  };
  const lineOf = (index: number, extension: string, partition: string): PendingLine => ({
    index,
    extension,
    partition: once(partition),
  });

  return {
    /** A listUser row. */
    user(u: Row): void {
      const username = once(str(field(u, 'userid')));
      if (!username) return;
      const primary = field(u, 'primaryExtension') as Row | undefined;
      const extension = str(field(primary, 'pattern'));
      if (extension)
        primaryOwner.set(lineKeyOf({ extension, partition: str(field(primary, 'routePartitionName')) }), username);
      people.push({
        username,
        firstName: str(field(u, 'firstName')),
        lastName: str(field(u, 'lastName')),
        email: str(field(u, 'mailid')),
        language: localeLanguages[str(field(u, 'userLocale')).split(' ')[0]?.toLowerCase() ?? ''] ?? null,
        department: once(str(field(u, 'department'))),
        manager: once(str(field(u, 'manager'))),
        extension: extension || null,
      });
    },
    /** A listLine row. */
    line(l: Row): void {
      lines.push({
        extension: str(field(l, 'pattern')),
        partition: once(str(field(l, 'routePartitionName'))),
        description: str(field(l, 'description')),
        owner: null,
      });
    },
    /** A getPhone answer's phone, with its lines. */
    phone(p: Row): void {
      const pending = device(
        str(field(p, 'name')),
        str(field(p, 'model')) || str(field(p, 'product')),
        str(field(p, 'description')),
        str(field(p, 'ownerUserName')) || null,
      );
      for (const l of asList(field(field(p, 'lines') as Row, 'line') as XmlValue | undefined)) {
        const dirn = field(l, 'dirn') as Row | undefined;
        pending.push(
          lineOf(
            Number(str(field(l, 'index')) || 0),
            str(field(dirn, 'pattern')),
            str(field(dirn, 'routePartitionName')),
          ),
        );
      }
    },
    /**
     * One row of the phones' SQL query (src/directory-sync/axl-source.ts phoneLinesSql): a phone and one of its
     * lines.
     */
    phoneLine(row: Row): void {
      const pending = device(
        str(field(row, 'device')),
        str(field(row, 'model')),
        str(field(row, 'description')),
        str(field(row, 'owner')) || null,
      );
      const pattern = str(field(row, 'pattern'));
      if (pattern) pending.push(lineOf(Number(str(field(row, 'idx')) || 0), pattern, str(field(row, 'partition'))));
    },
    gateway(g: SourceGateway): void {
      if (g.deviceName !== '') gateways.push(g);
    },
    finish(): SourceData {
      for (const [d, pending] of pendingLines) {
        pending.sort((a, b) => a.index - b.index);
        d.lines = pending.map((l): LineKey => ({ extension: l.extension, partition: l.partition }));
      }
      pendingLines.clear();
      shared.clear();
      const phones = [...devices.values()];
      devices.clear();
      const ownerOf = primaryOwner;
      for (const firstOnly of [true, false]) {
        for (const d of phones) {
          if (!d.owner) continue;
          for (const key of firstOnly ? d.lines.slice(0, 1) : d.lines)
            if (!ownerOf.has(lineKeyOf(key))) ownerOf.set(lineKeyOf(key), d.owner);
        }
      }
      for (const l of lines) l.owner = ownerOf.get(lineKeyOf(l)) ?? null;
      ownerOf.clear();
      return { source: 'axl', people, lines, devices: phones, gateways };
    },
  };
}

/** AXL rows as the directory's people, lines, phones and gateways (pure; see createAxlRowMapper). */
export function mapAxlRows(rows: { users: Row[]; lines: Row[]; phones: Row[]; gateways: SourceGateway[] }): SourceData {
  const mapper = createAxlRowMapper();
  rows.users.forEach(mapper.user);
  rows.lines.forEach(mapper.line);
  rows.phones.forEach(mapper.phone);
  rows.gateways.forEach(mapper.gateway);
  return mapper.finish();
}
