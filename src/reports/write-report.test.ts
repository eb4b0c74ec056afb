import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { ReportTable } from './report-table.js';
import { reportFormats, writeReport } from './write-report.js';

const TOTAL = 30_000;

/** A long call list produced lazily, counting how many rows the writer has pulled. */
function lazyTable(pulled: { count: number }): ReportTable {
  return {
    title: 'Long list',
    filter: ['Everything'],
    timeZone: 'Europe/Rome',
    columns: [
      { key: 'startedAt', label: 'Start', type: 'instant' },
      { key: 'extension', label: 'Extension', type: 'text' },
      { key: 'cost', label: 'Cost', type: 'money' },
    ],
    rows: (async function* () {
      for (let i = 0; i < TOTAL; i++) {
        pulled.count += 1;
        yield { startedAt: 1_612_000_000 + i, extension: String(1000 + (i % 9000)), cost: i % 500, __currency: 'EUR' };
      }
    })(),
    trailer: () => ({ totals: [], notes: [] }),
  };
}

/** A destination that takes nothing until released, like a client that stopped reading. */
function stalledDestination(): Writable & { release(): void; size(): number } {
  let stalled = true;
  let bytes = 0;
  const waiting: Array<() => void> = [];
  const out = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (stalled) waiting.push(() => cb());
      else cb();
    },
  });
  return Object.assign(out, {
    release() {
      stalled = false;
      waiting.splice(0).forEach((cb) => cb());
    },
    size: () => bytes,
  });
}

/**
 * The count once it has moved and then held still for 100 ms. The writer may first load its library (pdfkit,
 * exceljs: imported when first used), which took over 100 ms on a loaded machine: a count still 0 is not steady.
 */
async function untilSteady(read: () => number): Promise<number> {
  for (let i = 0; i < 400 && read() === 0; i++) await sleep(25);
  let last = -1;
  let steady = 0;
  for (let i = 0; i < 200 && steady < 4; i++) {
    await sleep(25);
    const now = read();
    steady = now === last ? steady + 1 : 0;
    last = now;
  }
  return last;
}

describe('streamed exports', () => {
  it.each(reportFormats)(
    'pulls rows only as fast as the destination takes %s output, then finishes when it reads again',
    async (format) => {
      const pulled = { count: 0 };
      const out = stalledDestination();
      const done = writeReport(lazyTable(pulled), format, out);
      const pulledWhileStalled = await untilSteady(() => pulled.count);
      expect(pulledWhileStalled).toBeGreaterThan(0);
      expect(pulledWhileStalled).toBeLessThan(TOTAL / 4);
      out.release();
      await done;
      expect(pulled.count).toBe(TOTAL);
      expect(out.size()).toBeGreaterThan(TOTAL);
    },
  );
});
