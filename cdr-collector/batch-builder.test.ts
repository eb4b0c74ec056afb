import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callDirectionCodes } from '../src/call-layout/index.js';
import { configSchema } from '../src/config/index.js';
import { rateCallInputOf } from './call-rater.js';
import { callInsertColumns, createCallRowScratch, writeCallRow, type CallRowValues } from './call-row.js';
import { classifyCall } from './classify-call.js';
import { createCsvTokenizer } from './csv-tokenizer.js';
import { readCucmHeader } from './cucm-columns.js';
import { createPackedCallRowsWriter, unpackCallRows } from './packed-call-rows.js';
import { createCdrRecordReader, type CallRecord } from './parse-cdr-record.js';
import { createBenchClassifyContext } from './testing/classify-rate-run.js';
import { trafficDirectory, writeGeneratedCdrFile } from './testing/generate-cdr-traffic.js';
import { runParseThreadPass } from './testing/parse-thread-pass.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-batch-builder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every call record of a CUCM file, each its own object. */
function callsOf(file: string): CallRecord[] {
  const calls: CallRecord[] = [];
  let read: ReturnType<typeof createCdrRecordReader> | null = null;
  let line = 0;
  createCsvTokenizer({ newlinesInQuotes: false }).finish(readFileSync(file), (r) => {
    line++;
    if (line === 1) {
      const header = readCucmHeader(r);
      if (header.kind !== 'cdr') throw new Error('not a CDR file');
      read = createCdrRecordReader(header.columns, header.names.length, 'StandAloneCluster');
    } else if (line > 2 && read) {
      const parsed = read(r);
      if (parsed.outcome === 'record') calls.push({ ...parsed.record });
    }
  });
  return calls;
}

describe('batch builder', () => {
  it('writes each call the row a fresh classification and rating of that call alone would give', async () => {
    const file = join(dir, 'cdr_StandAloneCluster_01_202611231200_1');
    const traffic = trafficDirectory(50);
    await writeGeneratedCdrFile(file, { records: 3_000, directory: traffic, seed: 7 });
    const { context, rater } = await createBenchClassifyContext(traffic, configSchema.parse({}));
    const built: CallRowValues[] = [];
    await runParseThreadPass(file, context, rater, 500, (calls) => built.push(...unpackCallRows(calls)));

    const writer = createPackedCallRowsWriter(callInsertColumns.length);
    const scratch = createCallRowScratch();
    for (const call of callsOf(file)) {
      const c = classifyCall(call, context);
      const external = c.direction === 'outgoing' || c.direction === 'transit';
      writeCallRow(writer, scratch, call, c, external ? rater.rate(rateCallInputOf(call, c)) : null, 0);
    }
    const alone = unpackCallRows(writer.finish());

    // Calls that wait for an outgoing-leg lookup are placed later: compare as sets of rows.
    const sorted = (rows: CallRowValues[]) => rows.map((row) => JSON.stringify(row)).sort();
    expect(built).toHaveLength(alone.length);
    expect(sorted(built)).toEqual(sorted(alone));
    // Rated, unrated-or-internal rows interleave, so a value left over from the previous call would show.
    const column = (name: string) => callInsertColumns.indexOf(name);
    expect(alone.filter((row) => row[column('cost_minor')] !== null).length).toBeGreaterThan(100);
    const internal = callDirectionCodes.indexOf('internal');
    expect(alone.filter((row) => row[column('direction_code')] === internal).length).toBeGreaterThan(100);
  });
});
