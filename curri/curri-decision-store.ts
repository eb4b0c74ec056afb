import type { DataSource } from 'typeorm';
import { curriDecisionEntity, type CurriDecisionRow } from '../src/store/index.js';
import type { DecisionRecord } from './decision-recorder.js';

/** Writes decision records to curri_decisions in one INSERT per batch. */
export function createCurriDecisionStore(dataSource: DataSource): { insertMany(records: DecisionRecord[]): Promise<void> } {
  const repository = dataSource.getRepository<CurriDecisionRow>(curriDecisionEntity.options.name);
  return {
    async insertMany(records) {
      if (records.length === 0) return;
      await repository.insert(records.map((r) => ({ ...r, context: r.context.slice(0, 64), destination: r.destination.slice(0, 64) })));
    },
  };
}
