import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createCsvTokenizer, type CsvRecordView } from './csv-tokenizer.js';

const INITIAL_BUFFER = 4 * 1024 * 1024;

/** SHA-256 of a file's bytes: the ledger's identity of a delivery, whatever its name. */
export async function fileChecksum(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface ReadChunkProgress {
  bytesRead: number;
}

/**
 * Streams a CUCM flat file through the tokenizer in large chunks, one record
 * per line (quoted newlines are a broken line, not a multi-line field). After
 * each chunk `afterChunk` runs and is awaited: the caller commits batches and
 * lets its event loop breathe there. Returning false from it stops the read.
 */
export async function readCucmFile(
  path: string,
  onRecord: (record: CsvRecordView) => void,
  afterChunk: (progress: ReadChunkProgress) => Promise<boolean>,
): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const tokenizer = createCsvTokenizer({ newlinesInQuotes: false });
    let buf = Buffer.allocUnsafe(INITIAL_BUFFER);
    let filled = 0;
    let bytesRead = 0;
    for (;;) {
      if (filled === buf.length) {
        // One record longer than the buffer: grow it.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const { bytesRead: n } = await handle.read(buf, filled, buf.length - filled, null);
      if (n === 0) break;
      filled += n;
      bytesRead += n;
      const view = buf.subarray(0, filled);
      const used = tokenizer.push(view, onRecord);
      buf.copyWithin(0, used, filled);
      filled -= used;
      if (!(await afterChunk({ bytesRead }))) return;
    }
    tokenizer.finish(buf.subarray(0, filled), onRecord);
  } finally {
    await handle.close();
  }
}
