import { join } from 'node:path';
import { createManualClock } from '../../src/clock.js';
import { composeTollgate, type Tollgate } from '../../src/compose.js';
import { configSchema, type Config } from '../../src/config/index.js';
import type { DomainEvents } from '../../src/events/index.js';
import { createLogger } from '../../src/logging/index.js';
import type { DataSource } from 'typeorm';

const fixtureDir = join(import.meta.dirname, '../../fixtures/phone-lock');

/** Tollgate composed as `serve` composes it, with a manual clock and every log line kept. */
export interface PhoneLockDaemon {
  tollgate: Tollgate;
  clock: ReturnType<typeof createManualClock>;
  logs: string[];
  lockEvents: Array<DomainEvents['lock.changed']>;
}

export async function composePhoneLockDaemon(
  dataSource: DataSource,
  overrides: Record<string, unknown> = {},
  clock = createManualClock('2026-03-02T09:00:00Z'),
): Promise<PhoneLockDaemon> {
  const logs: string[] = [];
  const log = createLogger({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  // general.timeZone stays UTC: times on phones must come from the line's site (the default site is in Europe/Rome).
  const config: Config = configSchema.parse({ ...overrides });
  const tollgate = await composeTollgate(config, { log, clock, dataSource });
  const lockEvents: Array<DomainEvents['lock.changed']> = [];
  tollgate.events.on('lock.changed', (e) => lockEvents.push(e));
  return { tollgate, clock, logs, lockEvents };
}

/** Loads fixtures/phone-lock through the daemon's own directory import (PINs provisioned by the lock service). */
export async function importPhoneLockDirectory(tollgate: Tollgate): Promise<void> {
  const summaries = await tollgate.directoryImport.importFiles(
    ['users.csv', 'lines.csv', 'devices.csv'].map((f) => join(fixtureDir, f)),
  );
  const problems = summaries.flatMap((s) => [
    ...s.rejected.map((r) => `${s.file}:${r.line} ${r.reason}`),
    ...(s.refused ? [s.refused] : []),
  ]);
  if (problems.length > 0) throw new Error(`fixture import failed: ${problems.join('; ')}`);
}
