import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { createManualClock } from '../../src/clock.js';
import { composeTollgate, type Tollgate } from '../../src/compose.js';
import { configSchema } from '../../src/config/index.js';
import { createLogger } from '../../src/logging/index.js';
import { callEntity, toStoredCallRows, type CallRow } from '../../src/store/index.js';
import { blankCallRow } from '../harness/index.js';

const demoDir = join(import.meta.dirname, '../../fixtures/demo');

/**
 * A Tollgate daemon as `serve` composes it (started), on `dataSource`, with a hand-moved clock and mail to
 * `smtpPort`.
 */
export async function startReportDaemon(
  dataSource: DataSource,
  smtpPort: number,
  at: string,
  options: { importDirectory?: boolean } = {},
) {
  const clock = createManualClock(at);
  const logs: string[] = [];
  const log = createLogger({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const config = configSchema.parse({
    general: { timeZone: 'Europe/Rome', defaultLanguage: 'en' },
    sites: {
      default: {
        country: 'IT',
        timeZone: 'Europe/Rome',
        internalPatterns: ['^[1-8][0-9]{3}$'],
        emergencyNumbers: ['112'],
      },
    },
    smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', from: 'Tollgate <tollgate@example.com>' },
    web: { enabled: false },
    scheduler: { leaseSeconds: 5 },
  });
  const tollgate = await composeTollgate(config, { log, dataSource, clock });
  if (options.importDirectory !== false) {
    const files = ['departments.csv', 'cost-centres.csv', 'users.csv', 'lines.csv', 'devices.csv', 'gateways.csv'].map(
      (f) => join(demoDir, f),
    );
    await tollgate.directoryImport.importFiles(files);
  }
  await tollgate.start();
  return { tollgate, clock, logs };
}

/** Outgoing answered calls of the demo users (by extension), `startedAt` epoch seconds, 100 minor units each. */
export async function seedCalls(
  tollgate: Tollgate,
  calls: Array<{ extension: string; startedAt: number; number?: string }>,
): Promise<void> {
  const snapshot = await tollgate.directory.snapshot();
  const rows: Array<Omit<CallRow, 'id'>> = calls.map((c, i) => {
    const line = snapshot.lines.find((l) => l.extension === c.extension);
    const user = line?.user ?? null;
    return {
      ...blankCallRow(),
      globalCallId: 1000 + i,
      startedAt: c.startedAt,
      connectedAt: c.startedAt + 5,
      endedAt: c.startedAt + 65,
      durationSeconds: 60,
      answered: true,
      ownerExtension: c.extension,
      ownerLineId: line?.id ?? null,
      ownerUserId: user?.id ?? null,
      departmentId: user?.departmentId ?? null,
      costCentreId: user?.costCentreId ?? null,
      site: 'default',
      callingNumber: c.extension,
      dialledNumber: c.number ?? '0612345678',
      finalCalledNumber: c.number ?? '0612345678',
      originalCalledNumber: c.number ?? '0612345678',
      costMinor: 100,
      currency: 'EUR',
      destinationType: 'fixed-national',
      nation: 'IT',
    };
  });
  const stored = await toStoredCallRows(tollgate.dataSource.manager, rows);
  for (let i = 0; i < stored.length; i += 200)
    await tollgate.dataSource.getRepository(callEntity.options.name).insert(stored.slice(i, i + 200));
}
