import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeTollgate, type Tollgate } from '../../src/compose.js';
import { configSchema } from '../../src/config/index.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../harness/index.js';
import { seedDirectory, seedFebruaryCalls } from './call-fixtures.js';

const body = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:tg="urn:tollgate:reporting:1"><soapenv:Body>
<tg:GetCostSummary><tg:Filter><tg:From>2021-02-01</tg:From><tg:To>2021-02-28</tg:To>
<tg:TimeZone>Europe/Rome</tg:TimeZone></tg:Filter><tg:GroupBy>Department</tg:GroupBy></tg:GetCostSummary>
</soapenv:Body></soapenv:Envelope>`;

describe.each(databaseKindsUnderTest())('the SOAP reporting API in the composed daemon on %s', (kind) => {
  let db: TestDatabase;
  let tollgate: Tollgate;
  const lines: Array<{ level: number; msg: string; err?: { stack?: string } }> = [];
  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await seedFebruaryCalls(db.dataSource, await seedDirectory(db.dataSource));
    tollgate = await composeTollgate(configSchema.parse({ http: { publicUrl: 'https://tollgate.example.com' } }), {
      log: pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l) as (typeof lines)[number]) }),
      dataSource: db.dataSource,
    });
    await tollgate.adminAccounts.create({ username: 'ops', password: 'a long enough password', role: 'admin' });
  });
  afterAll(async () => {
    await tollgate.stop();
    await db.close();
  });

  it('serves the WSDL at /soap/reporting?wsdl addressed at http.publicUrl', async () => {
    const res = await request(tollgate.app).get('/soap/reporting?wsdl').expect(200);
    expect(res.text).toContain('<soap:address location="https://tollgate.example.com/soap/reporting"/>');
  });

  it('answers a cost summary to an admin account, through the same engine the CLI uses', async () => {
    const res = await request(tollgate.app)
      .post('/soap/reporting')
      .auth('ops', 'a long enough password')
      .type('text/xml')
      .send(body)
      .expect(200);
    expect(res.text).toMatch(/<Group><Key>\d+<\/Key><Label>Sales<\/Label><Calls>4<\/Calls>.*<Cost>3\.00<\/Cost>/);
    expect(res.text).toMatch(/<Total><Calls>8<\/Calls><Answered>5<\/Answered>/);
  });

  it('logs a client fault once below error level and without a stack', async () => {
    lines.length = 0;
    const unknown = body.replace(/GetCostSummary/g, 'DropAllTables');
    await request(tollgate.app)
      .post('/soap/reporting')
      .auth('ops', 'a long enough password')
      .type('text/xml')
      .send(unknown)
      .expect(500);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.filter((l) => l.msg.startsWith('Unknown operation "DropAllTables"'))).toMatchObject([{ level: 30 }]);
    expect(lines.some((l) => l.err?.stack)).toBe(false);
  });
});
