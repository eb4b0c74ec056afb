// The collector's side of bench/classify-rate.bench.ts: reads a CDR file in chunks of records and times, in CPU
// time of this thread, the tokenizing and parsing of each chunk (the reference) and then the classification and
// rating of its calls, as batch-builder's place() asks for them.
import { readFileSync } from 'node:fs';
import type { Config } from '../../src/config/index.js';
import {
  createRatingSlot,
  rateCallInputInto,
  rateCallInputOf,
  type CallRater,
  type RatingOutcome,
} from '../call-rater.js';
import { classifyCall, classifyCallInto, createCallClassification, type ClassifyContext } from '../classify-call.js';
import { createCsvTokenizer, type CsvRecordView } from '../csv-tokenizer.js';
import { readCucmHeader } from '../cucm-columns.js';
import { createDirectoryIndex } from '../directory-index.js';
import { createCdrRecordReader, emptyCallRecord, type CallRecord, type ParsedCdr } from '../parse-cdr-record.js';
import { loadTariffRater } from '../tariff-rater.js';
import type { TrafficDirectory } from './generate-cdr-traffic.js';

export interface ClassifyRatePass {
  records: number;
  /** CPU µs spent tokenizing and parsing, and classifying and rating. */
  parseUs: number;
  rateUs: number;
  rated: number;
  checksum: number;
}

/** The directory and rater the ingest bench's database holds (gateways of carrier "ExampleTel IT", site default). */
export async function createBenchClassifyContext(
  traffic: TrafficDirectory,
  config: Config,
): Promise<{ context: ClassifyContext; rater: CallRater }> {
  const snapshot = {
    lines: traffic.extensions.map((extension, i) => ({
      id: i + 1,
      extension,
      partition: traffic.partition,
      site: 'default',
      userId: i + 1,
      user: { departmentId: 1 + (i % 2), costCentreId: 1 + (i % 2) },
    })),
    gateways: traffic.gateways.map((deviceName) => ({
      deviceName,
      carrier: 'ExampleTel IT',
      site: 'default',
      pstn: true,
    })),
  } as unknown as Parameters<typeof createDirectoryIndex>[0];
  const directory = createDirectoryIndex(snapshot, { pstnDevicePatterns: config.cdr.pstnDevicePatterns });
  const { rater, problem } = await loadTariffRater(config);
  if (problem !== null) throw new Error(problem);
  return { context: { directory, isInternalNumber: (n, s) => rater.isInternalNumber(n, s) }, rater };
}

export async function createClassifyRateRun(
  traffic: TrafficDirectory,
  config: Config,
): Promise<(file: string, chunk: number, reuse: boolean) => ClassifyRatePass> {
  const { context, rater } = await createBenchClassifyContext(traffic, config);
  const reused = reusingClassifyAndRate();
  return (file, chunkSize, reuse) =>
    runPass(
      file,
      chunkSize,
      reuse ? (call) => reused(call, context, rater) : (call) => classifyAndRate(call, context, rater),
    );
}

/** What batch-builder's place() asks of classification and rating for one call. */
function classifyAndRate(call: CallRecord, context: ClassifyContext, rater: CallRater): RatingOutcome | null {
  const c = classifyCall(call, context);
  if (c.direction !== 'outgoing' && c.direction !== 'transit') return null;
  return rater.rate(rateCallInputOf(call, c));
}

/** The same with one classification, one rating input and one outcome refilled for every call. */
function reusingClassifyAndRate(): typeof classifyAndRate {
  const c = createCallClassification();
  const slot = createRatingSlot();
  const input = rateCallInputOf(emptyCallRecord(), c);
  return (call, context, rater) => {
    classifyCallInto(call, context, c);
    if (c.direction !== 'outgoing' && c.direction !== 'transit') return null;
    return rater.rateInto(rateCallInputInto(call, c, input), slot);
  };
}

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

function runPass(
  file: string,
  chunkSize: number,
  classifyAndRateOne: (call: CallRecord) => RatingOutcome | null,
): ClassifyRatePass {
  const bytes = readFileSync(file);
  const tokenizer = createCsvTokenizer({ newlinesInQuotes: false });
  let read: ((r: CsvRecordView) => ParsedCdr) | null = null;
  const pass: ClassifyRatePass = { records: 0, parseUs: 0, rateUs: 0, rated: 0, checksum: 0 };
  let chunk: CallRecord[] = [];
  const rateChunk = () => {
    const t = cpuUs();
    for (const call of chunk) {
      const outcome = classifyAndRateOne(call);
      if (outcome?.rated) {
        pass.rated++;
        pass.checksum += outcome.costMinor;
      }
    }
    pass.rateUs += cpuUs() - t;
    chunk = [];
  };
  let seen = 0;
  let t = cpuUs();
  tokenizer.finish(bytes, (r) => {
    seen++;
    if (seen === 1) {
      const header = readCucmHeader(r);
      if (header.kind !== 'cdr') throw new Error('not a CDR file');
      read = createCdrRecordReader(header.columns, header.names.length, 'StandAloneCluster');
      return true;
    }
    if (seen === 2) return true; // the field-types line
    const parsed = (read as (r: CsvRecordView) => ParsedCdr)(r);
    // The reader refills one record per line: a chunk keeps copies.
    if (parsed.outcome === 'record') chunk.push({ ...parsed.record });
    if (chunk.length === chunkSize) {
      pass.parseUs += cpuUs() - t;
      rateChunk();
      t = cpuUs();
    }
    return true;
  });
  pass.parseUs += cpuUs() - t;
  rateChunk();
  pass.records = seen - 2;
  return pass;
}
