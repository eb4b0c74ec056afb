import { appendFileSync, copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../src/clock.js';
import { configSchema } from '../src/config/index.js';
import { createEventBus } from '../src/events/index.js';
import { makeTempDir, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { createCdrCollector, type CdrCollector } from './index.js';
import { waitFor } from './testing/wait-for.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'cdr');
const basic = 'cdr_StandAloneCluster_01_202611231000_1';

describe('CDR drop folder', () => {
  let db: TestDatabase;
  let temp: { path: string; cleanup: () => void };
  let inbox: string;
  let collector: CdrCollector;

  const count = async (sql: string) => Number(((await db.dataSource.query(sql)) as Array<{ n: number }>)[0]?.n);

  beforeEach(async () => {
    db = await openTestDatabase('sqlite');
    temp = makeTempDir('tollgate-inbox-');
    inbox = join(temp.path, 'cdr-inbox');
    const config = configSchema.parse({
      general: { dataDir: temp.path },
      cdr: { dropFolder: { path: inbox, scanSeconds: 1, settleMs: 300 } },
    });
    collector = createCdrCollector({
      config,
      dataSource: db.dataSource,
      events: createEventBus(() => undefined),
      log: pino({ level: 'silent' }),
      clock: systemClock,
    });
    await collector.start();
  });
  afterEach(async () => {
    await collector.stop();
    await db.close();
    temp.cleanup();
  });

  it('stores a file dropped into the folder and moves it to archive/', async () => {
    copyFileSync(join(fixtures, basic), join(inbox, basic));
    await waitFor(() => existsSync(join(inbox, 'archive', basic)));
    expect(readdirSync(inbox).filter((f) => f.startsWith('cdr_'))).toEqual([]);
    expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(14);
    expect(collector.live().lastFile).toMatchObject({ name: basic, outcome: 'stored', source: 'drop-folder' });
  });

  it('moves a file that is not a CUCM file to quarantine/ and stores nothing of it', async () => {
    const name = 'cdr_StandAloneCluster_01_202611231055_10';
    copyFileSync(join(fixtures, name), join(inbox, name));
    await waitFor(() => existsSync(join(inbox, 'quarantine', name)));
    expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(0);
    const status = await collector.status({ recentFiles: 5 });
    expect(status.files.quarantined).toBe(1);
    expect(status.recent[0]).toMatchObject({ name, status: 'quarantined', source: 'drop-folder' });
  });

  it('waits for a file that is still being written before taking it', async () => {
    const text = readFileSync(join(fixtures, basic), 'utf8');
    const half = text.slice(0, Math.floor(text.length / 2));
    writeFileSync(join(inbox, basic), half);
    await new Promise((r) => setTimeout(r, 150));
    appendFileSync(join(inbox, basic), text.slice(half.length));
    await waitFor(() => existsSync(join(inbox, 'archive', basic)));
    expect(await count('SELECT COUNT(*) AS n FROM cdr_rejects')).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM cdr_files')).toBe(1);
    expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(14);
  });

  it('archives the same content delivered again under another name without storing it twice', async () => {
    copyFileSync(join(fixtures, basic), join(inbox, basic));
    await waitFor(() => existsSync(join(inbox, 'archive', basic)));
    const again = 'cdr_StandAloneCluster_01_202611231000_999';
    copyFileSync(join(fixtures, basic), join(inbox, again));
    await waitFor(() => existsSync(join(inbox, 'archive', again)));
    expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(14);
    expect(collector.live().lastFile).toMatchObject({ name: again, outcome: 'duplicate' });
  });

  it('keeps a re-sent file of the same name beside the first one in archive/', async () => {
    copyFileSync(join(fixtures, basic), join(inbox, basic));
    await waitFor(() => existsSync(join(inbox, 'archive', basic)));
    copyFileSync(join(fixtures, basic), join(inbox, basic));
    await waitFor(() => existsSync(join(inbox, 'archive', `${basic}.1`)));
    expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(14);
  });

  it('leaves files it does not recognise by name alone', async () => {
    writeFileSync(join(inbox, 'README.txt'), 'not a CDR');
    writeFileSync(join(inbox, `${basic}.part`), 'half a transfer');
    copyFileSync(join(fixtures, basic), join(inbox, basic));
    await waitFor(() => existsSync(join(inbox, 'archive', basic)));
    expect(readdirSync(inbox).sort()).toEqual(['README.txt', 'archive', `${basic}.part`]);
  });
});
