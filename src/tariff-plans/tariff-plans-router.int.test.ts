import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { createManualClock } from '../clock.js';
import { siteSchema } from '../config/index.js';
import { createEventBus, type DomainEvents } from '../events/index.js';
import { createHttpApp } from '../http-app.js';
import { createLogger } from '../logging/index.js';
import { callEntity, toStoredCallRows, type CallRow } from '../store/index.js';
import { createCallRerater, createTariffPlansRouter, createTariffPlansService } from './index.js';

const plan = (rate: string) => `id: p
carrier: default
currency: EUR
timeZone: Europe/Rome
effectiveFrom: 2025-01-01
rows:
  - { id: all, default: true, perMinute: ${rate}, increments: 60/60 }
`;

describe('the /tariffs router', () => {
  const temp = makeTempDir('tollgate-plans-router-');
  let db: TestDatabase;
  let app: ReturnType<typeof createHttpApp>;
  const rerated: Array<DomainEvents['calls.rerated']> = [];

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    const log = createLogger({ level: 'silent' });
    const events = createEventBus((_e, err) => {
      throw err;
    });
    events.on('calls.rerated', (e) => rerated.push(e));
    writeFileSync(join(temp.path, 'p.yaml'), plan('0.10'));
    const service = createTariffPlansService({
      settings: { plansDir: temp.path, destinationOverrides: [], watch: false, watchDebounceMs: 0 },
      events,
      log,
      clock: createManualClock('2025-06-01T00:00:00Z'),
    });
    await service.start();
    const sites = { default: siteSchema.parse({ country: 'IT', pstnAccessCode: '0', timeZone: 'Europe/Rome' }) };
    const rerater = createCallRerater({
      dataSource: db.dataSource,
      events,
      log,
      sites,
      gatewaySites: async () => new Map(),
    });
    app = createHttpApp({
      log,
      metrics: new Registry(),
      health: async () => ({ status: 'ok', database: 'ok', lastCdrIngestedAt: null }),
      routers: [{ path: '/tariffs', router: createTariffPlansRouter(service, rerater) }],
    });
  });
  afterAll(async () => {
    await db.close();
    temp.cleanup();
  });

  it('reports the plans in use and reloads on POST /tariffs/reload', async () => {
    const status = await request(app).get('/tariffs');
    expect(status.body.plans).toEqual([
      expect.objectContaining({ id: 'p', carrier: 'default', rows: 1, file: 'p.yaml' }),
    ]);
    const ok = await request(app).post('/tariffs/reload');
    expect([ok.status, ok.body]).toEqual([200, { ok: true, plans: 1, files: ['p.yaml'] }]);
  });

  it('answers 422 with file and line when the folder is bad, keeping the plans in use', async () => {
    writeFileSync(join(temp.path, 'p.yaml'), 'id: [');
    const bad = await request(app).post('/tariffs/reload');
    expect(bad.status).toBe(422);
    expect(bad.body.problems[0]).toMatchObject({ file: 'p.yaml', line: 1 });
    expect((await request(app).get('/tariffs')).body.plans).toHaveLength(1);
    writeFileSync(join(temp.path, 'p.yaml'), plan('0.10'));
  });

  it('refuses requests relayed by a proxy', async () => {
    const relayed = await request(app).post('/tariffs/reload').set('X-Forwarded-For', '203.0.113.9');
    expect(relayed.status).toBe(403);
    expect(relayed.body.error.code).toBe('FORBIDDEN');
  });

  it('reloads and re-rates stored calls on POST /tariffs/rerate', async () => {
    const at = Date.UTC(2025, 2, 3, 9) / 1000;
    const [stored0] = await toStoredCallRows(db.dataSource.manager, [
      {
        clusterId: 'c',
        globalCallManagerId: 1,
        globalCallId: 1,
        origLegId: 1,
        destLegId: 2,
        startedAt: at,
        connectedAt: at,
        endedAt: at + 60,
        durationSeconds: 60,
        direction: 'outgoing',
        answered: true,
        dialledNumber: '03351234567',
        site: 'default',
        costMinor: 10,
        currency: 'EUR',
        tariffPlan: 'p',
        tariffRow: 'all',
      } as Partial<CallRow>,
    ]);
    const row = (await db.dataSource.getRepository(callEntity.options.name).save(stored0 as object)) as CallRow;
    writeFileSync(join(temp.path, 'p.yaml'), plan('0.30'));
    const res = await request(app)
      .post('/tariffs/rerate')
      .send({ from: '2025-03-01T00:00:00Z', to: '2025-04-01T00:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({ examined: 1, changed: 1, before: { EUR: 10 }, after: { EUR: 30 } });
    const stored = await db.dataSource.getRepository<CallRow>(callEntity.options.name).findOneByOrFail({ id: row.id });
    expect([stored.costMinor, stored.nation, stored.destinationType]).toEqual([30, 'IT', 'mobile']);
    expect(rerated).toEqual([
      { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-04-01T00:00:00Z'), count: 1 },
    ]);
  });

  it('refuses a rerate without a valid range', async () => {
    const res = await request(app)
      .post('/tariffs/rerate')
      .send({ from: '2025-04-01T00:00:00Z', to: '2025-03-01T00:00:00Z' });
    expect([res.status, res.body.error.code]).toEqual([400, 'BAD_INPUT']);
  });
});
