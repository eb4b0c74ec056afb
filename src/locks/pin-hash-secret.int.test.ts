import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { createPinHasher, PIN_HASH_SECRET_FILE, resolvePinHashSecret } from './index.js';

interface Line {
  level: number;
  msg: string;
}

describe('the PIN hash secret', () => {
  let db: TestDatabase;
  const tmp = makeTempDir('tollgate-pin-secret-');
  const lines: Line[] = [];
  const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l) as Line) });
  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
  });
  afterAll(async () => {
    await db.close();
    tmp.cleanup();
  });

  it(
    'is generated at first start into a 0600 file beside the database when none is configured, and ' + 'logged once',
    async () => {
      const deps = { configured: '', dataDir: tmp.path, dataSource: db.dataSource, log };
      const secret = await resolvePinHashSecret(deps);
      const file = join(tmp.path, PIN_HASH_SECRET_FILE);
      expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8').trim()).toBe(secret);
      expect(await resolvePinHashSecret(deps)).toBe(secret);
      expect(lines.filter((l) => l.msg.startsWith('generated the PIN hash secret'))).toHaveLength(1);
      const hash = await createPinHasher({ secret }).hash('4719');
      expect(await createPinHasher().verify(hash, '4719')).toBe(false);
    },
  );

  it("keeps an existing database's secret-less PINs working: no secret generated, a warning instead", async () => {
    const other = makeTempDir('tollgate-pin-secret-old-');
    try {
      const hash = await createPinHasher().hash('4719');
      await db.dataSource.query(
        'INSERT INTO line_pins (line_id, pin_hash, is_default, failed_attempts) VALUES (1, ?, 1, 0)',
        [hash],
      );
      lines.length = 0;
      expect(await resolvePinHashSecret({ configured: '', dataDir: other.path, dataSource: db.dataSource, log })).toBe(
        '',
      );
      expect(lines.find((l) => l.level === 40)?.msg).toMatch(/hashed without a server secret/);
      expect(await createPinHasher({ secret: '' }).verify(hash, '4719')).toBe(true);
    } finally {
      other.cleanup();
    }
  });

  it('uses the configured secret when there is one', async () => {
    expect(
      await resolvePinHashSecret({
        configured: 'configured-secret',
        dataDir: tmp.path,
        dataSource: db.dataSource,
        log,
      }),
    ).toBe('configured-secret');
  });
});
