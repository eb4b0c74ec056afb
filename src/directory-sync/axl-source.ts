import type { DirectorySyncConfig } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { createAxlClient, type AxlClient } from './axl-client.js';
import {
  lineKeyOf,
  type LineKey,
  type SourceData,
  type SourceDevice,
  type SourceGateway,
  type SourceLine,
  type SourcePerson,
} from './sync-model.js';

type Row = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Row => (typeof v === 'object' && v !== null ? (v as Row) : {});

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

/**
 * Reads end users, lines, phones (with their lines and owners) and gateways/trunks from AXL.
 * Lists page with skip/first; each phone's lines and owner come from getPhone (listPhone does not
 * return them), `concurrency` at a time.
 */
export async function readAxlSource(settings: DirectorySyncConfig['axl'], log: Logger): Promise<SourceData> {
  const client = createAxlClient(settings, log);
  try {
    const users = await client.list('listUser', 'user', {
      searchCriteria: { userid: '%' },
      returnedTags: {
        firstName: '',
        lastName: '',
        userid: '',
        mailid: '',
        department: '',
        manager: '',
        userLocale: '',
        primaryExtension: { pattern: '', routePartitionName: '' },
      },
    });
    const lines = await client.list('listLine', 'line', {
      searchCriteria: { pattern: '%' },
      returnedTags: { pattern: '', description: '', routePartitionName: '' },
    });
    let phones: Row[];
    if (settings.phoneLines === 'sql') {
      phones = await phonesBySql(client, settings.pageSize);
    } else {
      const names = (
        await client.list('listPhone', 'phone', { searchCriteria: { name: '%' }, returnedTags: { name: '' } })
      ).map((p) => str(p.name));
      phones = await getPhones(client, names, settings.concurrency);
    }
    const gateways: SourceGateway[] = [
      ...(
        await client.list('listSipTrunk', 'sipTrunk', {
          searchCriteria: { name: '%' },
          returnedTags: { name: '', description: '' },
        })
      ).map((t) => ({
        deviceName: str(t.name),
        kind: 'trunk' as const,
        description: str(t.description),
      })),
      ...(
        await client.list('listH323Gateway', 'h323Gateway', {
          searchCriteria: { name: '%' },
          returnedTags: { name: '', description: '' },
        })
      ).map((g) => ({
        deviceName: str(g.name),
        kind: 'gateway' as const,
        description: str(g.description),
      })),
      ...(
        await client.list('listGateway', 'gateway', {
          searchCriteria: { domainName: '%' },
          returnedTags: { domainName: '', description: '' },
        })
      ).map((g) => ({
        deviceName: str(g.domainName),
        kind: 'gateway' as const,
        description: str(g.description),
      })),
    ];
    return mapAxlRows({ users, lines, phones, gateways });
  } finally {
    client.close();
  }
}

/**
 * Every phone with its owner and lines, from CUCM's data dictionary through executeSQLQuery: one row
 * per phone and line (device ⋈ devicenumplanmap ⋈ numplan ⋈ routepartition, tkclass 1 = phone),
 * paged with Informix's SKIP/FIRST, then grouped into the shape getPhone answers.
 */
export const phoneLinesSql = (skip: number, first: number): string =>
  `SELECT SKIP ${skip} FIRST ${first} d.name AS device, d.description AS description, tm.name AS model, eu.userid AS owner, ` +
  'm.numplanindex AS idx, n.dnorpattern AS pattern, rp.name AS partition FROM device d ' +
  'INNER JOIN typemodel tm ON tm.enum = d.tkmodel LEFT OUTER JOIN enduser eu ON eu.pkid = d.fkenduser ' +
  'LEFT OUTER JOIN devicenumplanmap m ON m.fkdevice = d.pkid LEFT OUTER JOIN numplan n ON n.pkid = m.fknumplan ' +
  'LEFT OUTER JOIN routepartition rp ON rp.pkid = n.fkroutepartition WHERE d.tkclass = 1 ORDER BY d.name, m.numplanindex';

async function phonesBySql(client: AxlClient, pageSize: number): Promise<Row[]> {
  const byName = new Map<string, Row & { lines: { line: Row[] } }>();
  for (let skip = 0; ; skip += pageSize) {
    const answer = await client.call('executeSQLQuery', { sql: phoneLinesSql(skip, pageSize) });
    const rows = (answer.row as Row[] | undefined) ?? [];
    for (const row of rows) {
      const name = str(row.device);
      let phone = byName.get(name);
      if (!phone) {
        phone = {
          name,
          description: str(row.description),
          model: str(row.model),
          ownerUserName: str(row.owner),
          lines: { line: [] },
        };
        byName.set(name, phone);
      }
      if (str(row.pattern))
        phone.lines.line.push({
          index: str(row.idx),
          dirn: { pattern: str(row.pattern), routePartitionName: str(row.partition) },
        });
    }
    if (rows.length < pageSize) return [...byName.values()];
  }
}

async function getPhones(client: AxlClient, names: string[], concurrency: number): Promise<Row[]> {
  const phones: Row[] = new Array<Row>(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const index = next++;
      const answer = await client.call('getPhone', {
        name: names[index],
        returnedTags: {
          name: '',
          description: '',
          product: '',
          model: '',
          lines: { line: { index: '', dirn: { pattern: '', routePartitionName: '' } } },
          ownerUserName: '',
        },
      });
      phones[index] = obj(Array.isArray(answer.phone) ? answer.phone[0] : answer.phone);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
  return phones;
}

/**
 * AXL rows as the directory's people, lines, phones and gateways (pure). A line's owner is the end
 * user whose primary extension it is, else the owner of a phone it is the first line of, else of any
 * phone it is on.
 */
export function mapAxlRows(rows: { users: Row[]; lines: Row[]; phones: Row[]; gateways: SourceGateway[] }): SourceData {
  const people: SourcePerson[] = [];
  const ownerOf = new Map<string, string>();
  for (const u of rows.users) {
    const username = str(u.userid);
    if (!username) continue;
    const primary = obj(u.primaryExtension);
    if (str(primary.pattern))
      ownerOf.set(lineKeyOf({ extension: str(primary.pattern), partition: str(primary.routePartitionName) }), username);
    people.push({
      username,
      firstName: str(u.firstName),
      lastName: str(u.lastName),
      email: str(u.mailid),
      language: localeLanguages[str(u.userLocale).split(' ')[0]?.toLowerCase() ?? ''] ?? null,
      department: str(u.department),
      manager: str(u.manager),
      extension: str(primary.pattern) || null,
    });
  }
  const devices: SourceDevice[] = rows.phones.map((p) => {
    const lines = (obj(p.lines).line as Row[] | undefined) ?? [];
    const sorted = [...lines].sort((a, b) => Number(str(a.index) || 0) - Number(str(b.index) || 0));
    const keys: LineKey[] = sorted.map((l) => ({
      extension: str(obj(l.dirn).pattern),
      partition: str(obj(l.dirn).routePartitionName),
    }));
    return {
      name: str(p.name),
      model: str(p.model) || str(p.product),
      description: str(p.description),
      owner: str(p.ownerUserName) || null,
      lines: keys,
    };
  });
  for (const firstOnly of [true, false]) {
    for (const d of devices) {
      if (!d.owner) continue;
      for (const key of firstOnly ? d.lines.slice(0, 1) : d.lines)
        if (!ownerOf.has(lineKeyOf(key))) ownerOf.set(lineKeyOf(key), d.owner);
    }
  }
  const lines: SourceLine[] = rows.lines.map((l) => {
    const key = { extension: str(l.pattern), partition: str(l.routePartitionName) };
    return { ...key, description: str(l.description), owner: ownerOf.get(lineKeyOf(key)) ?? null };
  });
  return { source: 'axl', people, lines, devices, gateways: rows.gateways.filter((g) => g.deviceName !== '') };
}
