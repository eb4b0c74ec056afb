import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * Writes and, when the destination's buffer is full, waits for it to drain (a slow reader slows the report, memory
 * stays flat).
 */
export async function writeWithBackpressure(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** Collects small strings into chunks of about `size` characters before writing them. */
export function createChunkedWriter(
  out: Writable,
  size = 64 * 1024,
): { write(text: string): Promise<void>; flush(): Promise<void> } {
  let buffer = '';
  return {
    async write(text) {
      buffer += text;
      if (buffer.length >= size) {
        const chunk = buffer;
        buffer = '';
        await writeWithBackpressure(out, chunk);
      }
    },
    async flush() {
      if (buffer) await writeWithBackpressure(out, buffer);
      buffer = '';
    },
  };
}
