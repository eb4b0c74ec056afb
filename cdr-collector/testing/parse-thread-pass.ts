import { createBatchBuilder } from '../batch-builder.js';
import type { CallRater } from '../call-rater.js';
import type { ClassifyContext } from '../classify-call.js';
import { createOutgoingLegMemory } from '../outgoing-legs.js';
import type { PackedCallRows } from '../packed-call-rows.js';
import { fileChecksum, readCucmFile } from '../read-cucm-file.js';
import { createRecordRouter, DEFAULT_REJECT_LIMITS } from '../record-router.js';
import { threadCpuMs } from '../thread-cpu-ms.js';

export interface ParseThreadPass {
  records: number;
  calls: number;
  /** CPU of the calling thread during the pass, ms. */
  threadMs: number;
}

/**
 * What ingest-file.ts does on the parse thread, without a store: checksum, read, tokenize, parse, classify, rate and
 * pack batches of `batchSize` calls, which are taken and handed to `onBatch` (dropped by default). No outgoing leg is
 * found in a store.
 */
export async function runParseThreadPass(
  file: string,
  classifyContext: ClassifyContext,
  rater: CallRater,
  batchSize: number,
  onBatch: (calls: PackedCallRows) => void = () => {},
): Promise<ParseThreadPass> {
  const legs = createOutgoingLegMemory();
  const rows = createBatchBuilder({
    store: { findOutgoingLegs: async () => [] },
    classifyContext: () => classifyContext,
    rater: () => rater,
    legs,
  });
  const { onRecord, state } = createRecordRouter({
    rows,
    batchSize,
    clusterId: 'StandAloneCluster',
    resumeAfter: 0,
    earlier: { records: 0, rejects: 0 },
    limits: DEFAULT_REJECT_LIMITS,
  });
  let calls = 0;
  const take = async () => {
    const batch = (await rows.take()).calls;
    onBatch(batch);
    calls += batch.rows;
  };
  const start = threadCpuMs() ?? 0;
  await fileChecksum(file);
  await readCucmFile(file, onRecord, async () => {
    await rows.resolveDeferred();
    if (rows.size >= batchSize) await take();
    return true;
  });
  await take();
  return { records: state.records, calls, threadMs: (threadCpuMs() ?? 0) - start };
}
