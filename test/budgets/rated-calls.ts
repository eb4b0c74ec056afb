import type { DataSource } from 'typeorm';
import type { DirectoryReadModel } from '../../src/directory/index.js';
import type { StoredCallSummary } from '../../src/events/index.js';
import { callEntity, toStoredCallRows, type CallRow } from '../../src/store/index.js';
import { blankCallRow } from '../harness/index.js';

/** A rated call as a test states it; the rest of the row gets plausible defaults. */
export interface TestCall {
  user: string;
  at: string | Date;
  costMinor: number | null;
  currency?: string;
  direction?: CallRow['direction'];
  destinationType?: string | null;
  /** The user's line with this extension (else their first line). */
  line?: string;
}

let sequence = 0;

/**
 * Stores rated calls in one transaction, as the CDR collector's store does,
 * and returns what it would announce on 'calls.stored'.
 */
export async function insertRatedCalls(
  dataSource: DataSource,
  directory: Pick<DirectoryReadModel, 'snapshot'>,
  calls: TestCall[],
): Promise<{ ids: number[]; summaries: StoredCallSummary[] }> {
  const snapshot = await directory.snapshot();
  const users = new Map(snapshot.users.map((u) => [u.username, u]));
  const rows = calls.map((c) => {
    const user = users.get(c.user);
    if (!user) throw new Error(`no user ${c.user} in the directory`);
    const line = snapshot.lines.find((l) => l.userId === user.id && (c.line === undefined || l.extension === c.line));
    const startedAt = Math.floor(new Date(c.at).getTime() / 1000);
    sequence++;
    return {
      ...blankCall(),
      globalCallId: sequence,
      origLegId: 1_000_000 + process.pid,
      startedAt,
      connectedAt: startedAt + 5,
      endedAt: startedAt + 65,
      durationSeconds: 60,
      direction: c.direction ?? 'outgoing',
      answered: true,
      ownerExtension: line?.extension ?? '',
      ownerPartition: line?.partition ?? '',
      ownerLineId: line?.id ?? null,
      ownerUserId: user.id,
      departmentId: user.departmentId,
      costCentreId: user.costCentreId,
      dialledNumber: '0039021234567',
      destinationType: c.destinationType === undefined ? 'fixed-national' : c.destinationType,
      costMinor: c.costMinor,
      currency: c.costMinor === null ? null : (c.currency ?? 'EUR'),
    };
  });
  const first = rows[0]?.globalCallId ?? 0;
  const saved = await dataSource.transaction(async (m) => {
    const repo = m.getRepository<CallRow>(callEntity.options.name);
    for (let i = 0; i < rows.length; i += 100)
      await repo
        .createQueryBuilder()
        .insert()
        .values((await toStoredCallRows(m, rows.slice(i, i + 100))) as never[])
        .execute();
    return repo
      .createQueryBuilder('c')
      .where('c.orig_leg_id = :leg AND c.global_call_id >= :first AND c.global_call_id <= :last', {
        leg: 1_000_000 + process.pid,
        first,
        last: sequence,
      })
      .orderBy('c.id', 'ASC')
      .getMany();
  });
  return {
    ids: saved.map((r) => r.id),
    summaries: saved.map((r) => ({
      id: r.id,
      startedAt: new Date(r.startedAt * 1000),
      direction: r.direction,
      answered: r.answered,
      ownerLineId: r.ownerLineId,
      ownerUserId: r.ownerUserId,
      departmentId: r.departmentId,
      costCentreId: r.costCentreId,
      destinationType: r.destinationType,
      costMinor: r.costMinor,
      currency: r.currency,
    })),
  };
}

function blankCall(): Omit<CallRow, 'id'> {
  return { ...blankCallRow(), site: 'default', destDevice: 'GW_MILANO', gateway: 'GW_MILANO', nation: 'IT' };
}
