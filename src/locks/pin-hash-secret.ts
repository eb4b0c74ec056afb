import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

export const PIN_HASH_SECRET_FILE = 'pin-hash-secret';

/**
 * The server secret mixed into PIN hashes (issue 14): a 4-digit PIN falls to
 * an offline search in minutes, so the database alone must not be enough.
 * A configured phone.pin.hashSecret wins. Otherwise `<dataDir>/pin-hash-secret`
 * (0600) is used, generated at first start, but only while the database holds
 * no PIN hash yet: hashes made without a secret would stop verifying. A
 * database that already has such hashes keeps working without one, with a
 * warning at every start saying how to add one.
 */
export async function resolvePinHashSecret(deps: {
  configured: string;
  dataDir: string | null;
  dataSource: DataSource;
  log: Logger;
}): Promise<string> {
  const { configured, dataDir, log } = deps;
  if (configured !== '') return configured;
  if (dataDir === null) {
    log.warn(
      'phone.pin.hashSecret is empty: PIN hashes can be guessed offline from a copy of the ' +
        'database; configure a long random secret',
    );
    return '';
  }
  const file = join(dataDir, PIN_HASH_SECRET_FILE);
  if (existsSync(file)) return readSecretFile(file);
  const [row] = (await deps.dataSource.query(
    'SELECT COUNT(*) AS n FROM line_pins WHERE pin_hash IS NOT NULL',
  )) as Array<{ n: number | string }>;
  if (Number(row?.n ?? 0) > 0) {
    log.warn(
      { pins: Number(row?.n) },
      'PINs in this database were hashed without a server secret, so a copy of it is enough to guess them offline: ' +
        'set phone.pin.hashSecret (or create the pin-hash-secret file) and reset every PIN',
    );
    return '';
  }
  try {
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process (the CLI, a second daemon) created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readSecretFile(file);
  }
  log.info(
    { file },
    'generated the PIN hash secret; keep this file with the database: losing it invalidates every PIN',
  );
  return readSecretFile(file);
}

function readSecretFile(file: string): string {
  chmodSync(file, 0o600);
  return readFileSync(file, 'utf8').trim();
}
