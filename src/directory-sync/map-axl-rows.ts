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

type PendingDevice = Omit<SourceDevice, 'lines'> & { lines: Array<LineKey & { index: number }> };

/**
 * Maps AXL rows to the directory's people, lines, phones and gateways one row at a time (pure), so
 * that a reader keeps only these and drops each page of AXL rows as soon as it is mapped. A line's
 * owner, known only once everything is read, is the end user whose primary extension it is, else
 * the owner of a phone it is the first line of, else of any phone it is on.
 */
export function createAxlRowMapper() {
  const people: SourcePerson[] = [];
  const primaryOwner = new Map<string, string>();
  const lines: Array<Omit<SourceLine, 'owner'>> = [];
  const devices = new Map<string, PendingDevice>();
  const gateways: SourceGateway[] = [];

  const device = (name: string, values: Omit<PendingDevice, 'name' | 'lines'>): PendingDevice => {
    let found = devices.get(name);
    if (!found) {
      found = { name, ...values, lines: [] };
      devices.set(name, found);
    }
    return found;
  };

  return {
    /** A listUser row. */
    user(u: Row): void {
      const username = str(field(u, 'userid'));
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
        department: str(field(u, 'department')),
        manager: str(field(u, 'manager')),
        extension: extension || null,
      });
    },
    /** A listLine row. */
    line(l: Row): void {
      lines.push({
        extension: str(field(l, 'pattern')),
        partition: str(field(l, 'routePartitionName')),
        description: str(field(l, 'description')),
      });
    },
    /** A getPhone answer's phone, with its lines. */
    phone(p: Row): void {
      const found = device(str(field(p, 'name')), {
        model: str(field(p, 'model')) || str(field(p, 'product')),
        description: str(field(p, 'description')),
        owner: str(field(p, 'ownerUserName')) || null,
      });
      for (const l of asList(field(field(p, 'lines') as Row, 'line') as XmlValue | undefined)) {
        const dirn = field(l, 'dirn') as Row | undefined;
        found.lines.push({
          index: Number(str(field(l, 'index')) || 0),
          extension: str(field(dirn, 'pattern')),
          partition: str(field(dirn, 'routePartitionName')),
        });
      }
    },
    /**
     * One row of the phones' SQL query (src/directory-sync/axl-source.ts phoneLinesSql): a phone and one of its
     * lines.
     */
    phoneLine(row: Row): void {
      const found = device(str(field(row, 'device')), {
        model: str(field(row, 'model')),
        description: str(field(row, 'description')),
        owner: str(field(row, 'owner')) || null,
      });
      const pattern = str(field(row, 'pattern'));
      if (pattern)
        found.lines.push({
          index: Number(str(field(row, 'idx')) || 0),
          extension: pattern,
          partition: str(field(row, 'partition')),
        });
    },
    gateway(g: SourceGateway): void {
      if (g.deviceName !== '') gateways.push(g);
    },
    finish(): SourceData {
      const phones: SourceDevice[] = [];
      for (const d of devices.values()) {
        d.lines.sort((a, b) => a.index - b.index);
        phones.push({ ...d, lines: d.lines.map((l) => ({ extension: l.extension, partition: l.partition })) });
      }
      devices.clear();
      const ownerOf = primaryOwner;
      for (const firstOnly of [true, false]) {
        for (const d of phones) {
          if (!d.owner) continue;
          for (const key of firstOnly ? d.lines.slice(0, 1) : d.lines)
            if (!ownerOf.has(lineKeyOf(key))) ownerOf.set(lineKeyOf(key), d.owner);
        }
      }
      const sourceLines: SourceLine[] = lines.map((l) => ({ ...l, owner: ownerOf.get(lineKeyOf(l)) ?? null }));
      return { source: 'axl', people, lines: sourceLines, devices: phones, gateways };
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
