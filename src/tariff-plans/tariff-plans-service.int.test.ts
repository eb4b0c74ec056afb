import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/harness/index.js';
import { createManualClock } from '../clock.js';
import { createEventBus, type DomainEvents } from '../events/index.js';
import { createLogger } from '../logging/index.js';
import { bundledPlansDir, createTariffPlansService, loadTariffBook, type TariffPlansService } from './index.js';

const plan = (id: string, rate = '0.01', carrier = id) => `id: ${id}
carrier: ${carrier}
currency: EUR
timeZone: Europe/Rome
effectiveFrom: 2025-01-01
rows:
  - { id: all, default: true, perMinute: ${rate} }
`;

function setup(dir: string, watch = false) {
  const logs: Array<Record<string, unknown>> = [];
  const log = createLogger(
    { level: 'info' },
    { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const reloaded: Array<DomainEvents['tariffs.reloaded']> = [];
  const events = createEventBus((_e, err) => {
    throw err;
  });
  events.on('tariffs.reloaded', (e) => reloaded.push(e));
  const service = createTariffPlansService({
    settings: { plansDir: dir, destinationOverrides: [], watch, watchDebounceMs: 50 },
    events,
    log,
    clock: createManualClock('2025-06-01T10:00:00Z'),
  });
  return { service, logs, reloaded };
}

describe('tariff plans service', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let service: TariffPlansService | undefined;
  beforeEach(() => {
    temp = makeTempDir('tollgate-plans-');
  });
  afterEach(() => {
    service?.stop();
    temp.cleanup();
  });

  it('loads the bundled sample plans when no folder is configured', async () => {
    const s = setup('');
    service = s.service;
    await service.start();
    const samples = readdirSync(bundledPlansDir()).filter((f) => f.endsWith('.yaml'));
    expect(
      service
        .book()
        .plans.map((p) => p.fileName)
        .sort(),
    ).toEqual(samples.sort());
    expect(s.reloaded).toEqual([{ plans: samples.length }]);
  });

  it(
    'keeps the plans in use when a file goes bad, logging file, line and reason, and takes the ' + 'fixed file',
    async () => {
      writeFileSync(join(temp.path, 'a.yaml'), plan('a'));
      const s = setup(temp.path);
      service = s.service;
      await service.start();
      expect(service.book().plans.map((p) => p.id)).toEqual(['a']);

      writeFileSync(join(temp.path, 'a.yaml'), plan('a', '-0.01'));
      writeFileSync(join(temp.path, 'b.yml'), plan('b'));
      const refused = await service.reload();
      expect(refused).toEqual({
        ok: false,
        problems: [{ file: 'a.yaml', line: 7, message: 'row 1 (all) perMinute: "-0.01" is negative' }],
      });
      expect(service.book().plans.map((p) => p.id)).toEqual(['a']);
      expect(service.status().lastRefusal?.problems).toHaveLength(1);
      expect(s.logs.find((l) => l.level === 50 && l.file === 'a.yaml')).toMatchObject({
        line: 7,
        msg: expect.stringContaining('a.yaml:7: row 1 (all) perMinute'),
      });
      expect(s.reloaded).toHaveLength(1);

      writeFileSync(join(temp.path, 'a.yaml'), plan('a', '0.02'));
      expect(await service.reload()).toEqual({ ok: true, plans: 2, files: ['a.yaml', 'b.yml'] });
      expect(
        service
          .book()
          .plans.map((p) => p.id)
          .sort(),
      ).toEqual(['a', 'b']);
      expect(service.status().lastRefusal).toBeNull();
      expect(s.reloaded).toEqual([{ plans: 1 }, { plans: 2 }]);
    },
  );

  it('refuses two plans with the same id in different files', async () => {
    writeFileSync(join(temp.path, 'a.yaml'), plan('same', '0.01', 'acme'));
    writeFileSync(join(temp.path, 'b.yaml'), plan('same', '0.01', 'other'));
    const result = await loadTariffBook({ plansDir: temp.path, destinationOverrides: [] });
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual(['plan id "same" is also used by a.yaml']);
  });

  it('starts with no plans, and says so, when the folder does not exist', async () => {
    const s = setup(join(temp.path, 'missing'));
    service = s.service;
    await service.start();
    expect(service.book().plans).toEqual([]);
    expect(service.status().lastRefusal?.problems[0]?.message).toMatch(/cannot read the plans folder/);
  });

  it('reloads by itself when a plan file changes in the watched folder', async () => {
    writeFileSync(join(temp.path, 'a.yaml'), plan('a'));
    const s = setup(temp.path, true);
    service = s.service;
    await service.start();
    const next = new Promise<DomainEvents['tariffs.reloaded']>((resolve) => {
      const events = s.reloaded;
      const poll = setInterval(() => {
        if (events.length > 1) {
          clearInterval(poll);
          resolve(events[1] as DomainEvents['tariffs.reloaded']);
        }
      }, 10);
    });
    writeFileSync(join(temp.path, 'c.yaml'), plan('c'));
    expect(await next).toEqual({ plans: 2 });
    expect(
      service
        .book()
        .plans.map((p) => p.id)
        .sort(),
    ).toEqual(['a', 'c']);
  });
});
