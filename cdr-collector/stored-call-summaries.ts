import { In, type DataSource } from 'typeorm';
import type { StoredCallSummary } from '../src/events/index.js';
import { callEntity, type CallRow } from '../src/store/index.js';

const CHUNK = 500;

/**
 * What calls.stored carries, read back for calls another process stored (its
 * batch announced their ids on the change feed), in id order.
 */
export async function readStoredCallSummaries(
  dataSource: DataSource,
  ids: readonly number[],
): Promise<StoredCallSummary[]> {
  const repo = dataSource.getRepository<CallRow>(callEntity.options.name);
  const out: StoredCallSummary[] = [];
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await repo.find({
      where: { id: In(unique.slice(i, i + CHUNK)) },
      select: {
        id: true,
        startedAt: true,
        direction: true,
        answered: true,
        ownerLineId: true,
        ownerUserId: true,
        departmentId: true,
        costCentreId: true,
        destinationType: true,
        costMinor: true,
        currency: true,
      },
      order: { id: 'ASC' },
    });
    for (const r of rows) {
      out.push({
        id: Number(r.id),
        startedAt: new Date(Number(r.startedAt) * 1000),
        direction: r.direction,
        answered: Boolean(r.answered),
        ownerLineId: r.ownerLineId === null ? null : Number(r.ownerLineId),
        ownerUserId: r.ownerUserId === null ? null : Number(r.ownerUserId),
        departmentId: r.departmentId === null ? null : Number(r.departmentId),
        costCentreId: r.costCentreId === null ? null : Number(r.costCentreId),
        destinationType: r.destinationType,
        costMinor: r.costMinor === null ? null : Number(r.costMinor),
        currency: r.currency,
      });
    }
  }
  return out;
}
