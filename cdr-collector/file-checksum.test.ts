import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileChecksum } from './read-cucm-file.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-checksum-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHUNK = 1024 * 1024;

describe('fileChecksum', () => {
  // The file is read in 1 MB chunks into two buffers in turn: sizes on each side of a chunk's edge catch a chunk
  // hashed twice, skipped, or hashed from the buffer being read into.
  it.each([0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 12_345])(
    'is the SHA-256 of the whole file (%i bytes)',
    async (size) => {
      const bytes = randomBytes(size);
      const path = join(dir, `file-${size}`);
      writeFileSync(path, bytes);
      expect(await fileChecksum(path)).toBe(createHash('sha256').update(bytes).digest('hex'));
    },
  );

  it('rejects for a file that is not there, and a directory', async () => {
    await expect(fileChecksum(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(fileChecksum(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
