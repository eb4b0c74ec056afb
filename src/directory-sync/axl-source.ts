import type { DirectorySyncConfig } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { createAxlClient, type AxlClient, type AxlContent } from './axl-client.js';
import { createAxlRowMapper } from './map-axl-rows.js';
import { asList, type XmlValue } from './parse-axl-xml.js';
import type { SourceData, SourceGateway } from './sync-model.js';

/**
 * Reads end users, lines, phones (with their lines and owners) and gateways/trunks from AXL.
 * Lists page with skip/first, each page mapped as it arrives (only the mapped rows are kept);
 * phones' lines and owners come from one paged SQL query, or from getPhone per phone (listPhone
 * does not return them), `concurrency` at a time.
 */
export async function readAxlSource(settings: DirectorySyncConfig['axl'], log: Logger): Promise<SourceData> {
  const client = createAxlClient(settings, log);
  const rows = createAxlRowMapper();
  /** Every row of a list (its `search` field '%'), each mapped as its page arrives. */
  const list = (operation: string, search: string, tags: AxlContent, each: (row: XmlValue) => void) =>
    client.list(operation, itemOf(operation), { searchCriteria: { [search]: '%' }, returnedTags: tags }, (page) =>
      page.forEach(each),
    );
  try {
    await list(
      'listUser',
      'userid',
      {
        firstName: '',
        lastName: '',
        userid: '',
        mailid: '',
        department: '',
        manager: '',
        userLocale: '',
        primaryExtension: { pattern: '', routePartitionName: '' },
      },
      rows.user,
    );
    await list('listLine', 'pattern', { pattern: '', description: '', routePartitionName: '' }, rows.line);
    if (settings.phoneLines === 'sql') {
      await phonesBySql(client, settings.pageSize, rows.phoneLine);
    } else {
      const names: string[] = [];
      await list('listPhone', 'name', { name: '' }, (p) => names.push(text(p, 'name')));
      await getPhones(client, names, settings.concurrency, rows.phone);
    }
    const gateways = (kind: SourceGateway['kind'], name: string) => (g: XmlValue) =>
      rows.gateway({ deviceName: text(g, name), kind, description: text(g, 'description') });
    await list('listSipTrunk', 'name', { name: '', description: '' }, gateways('trunk', 'name'));
    await list('listH323Gateway', 'name', { name: '', description: '' }, gateways('gateway', 'name'));
    await list('listGateway', 'domainName', { domainName: '', description: '' }, gateways('gateway', 'domainName'));
    return rows.finish();
  } finally {
    client.close();
  }
}

/** listUser → user, listSipTrunk → sipTrunk: the element of a list's rows. */
const itemOf = (operation: string): string => operation.charAt(4).toLowerCase() + operation.slice(5);
const text = (row: XmlValue, name: string): string => {
  const v = typeof row === 'object' && !Array.isArray(row) ? row[name] : undefined;
  return typeof v === 'string' ? v : '';
};

/**
 * Every phone with its owner and lines, from CUCM's data dictionary through executeSQLQuery: one row
 * per phone and line (device ⋈ devicenumplanmap ⋈ numplan ⋈ routepartition, tkclass 1 = phone),
 * paged with Informix's SKIP/FIRST, then grouped into the shape getPhone answers.
 */
export const phoneLinesSql = (skip: number, first: number): string =>
  `SELECT SKIP ${skip} FIRST ${first} d.name AS device, d.description AS description, tm.name AS ` +
  `model, eu.userid AS owner, ` +
  'm.numplanindex AS idx, n.dnorpattern AS pattern, rp.name AS partition FROM device d ' +
  'INNER JOIN typemodel tm ON tm.enum = d.tkmodel LEFT OUTER JOIN enduser eu ON eu.pkid = d.fkenduser ' +
  'LEFT OUTER JOIN devicenumplanmap m ON m.fkdevice = d.pkid LEFT OUTER JOIN numplan n ON n.pkid = m.fknumplan ' +
  'LEFT OUTER JOIN routepartition rp ON rp.pkid = n.fkroutepartition WHERE d.tkclass = 1 ORDER BY ' +
  'd.name, m.numplanindex';

async function phonesBySql(client: AxlClient, pageSize: number, each: (row: XmlValue) => void): Promise<void> {
  for (let skip = 0; ; skip += pageSize) {
    const rows = asList((await client.call('executeSQLQuery', { sql: phoneLinesSql(skip, pageSize) })).row);
    rows.forEach(each);
    if (rows.length < pageSize) return;
  }
}

async function getPhones(
  client: AxlClient,
  names: string[],
  concurrency: number,
  each: (phone: XmlValue) => void,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const answer = await client.call('getPhone', {
        name: names[next++],
        returnedTags: {
          name: '',
          description: '',
          product: '',
          model: '',
          lines: { line: { index: '', dirn: { pattern: '', routePartitionName: '' } } },
          ownerUserName: '',
        },
      });
      const [phone] = asList(answer.phone);
      if (phone !== undefined) each(phone);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, names.length) }, worker));
}
