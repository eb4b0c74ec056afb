import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/harness/index.js';
import { createDataSource } from './index.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the SQLite database on disk', () => {
  const tmp = makeTempDir('tollgate-modes-');
  afterAll(() => tmp.cleanup());

  it('creates its folder 0700 and the database, -wal and -shm files 0600, whatever the umask', async () => {
    const file = join(tmp.path, 'data', 'tollgate.db');
    const ds = createDataSource({ url: `sqlite:${file}` });
    await ds.initialize();
    await ds.runMigrations();
    await ds.query(
      'INSERT INTO admin_accounts (username, password_hash, role, departments, created_at) VALUES ' +
        "('a', 'h', 'admin', '[]', 0)",
    );
    expect(mode(join(tmp.path, 'data'))).toBe(0o700);
    expect([mode(file), mode(`${file}-wal`), mode(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    await ds.destroy();
  });

  it('tightens a database file that was created world-readable', async () => {
    const file = join(tmp.path, 'old.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const ds = createDataSource({ url: `sqlite:${file}` });
    await ds.initialize();
    expect(mode(file)).toBe(0o600);
    await ds.destroy();
  });
});
