import { EntitySchema } from 'typeorm';
import { bigintAsNumber } from '../epoch-transformer.js';

/** What changed, for processes that keep it in memory: each topic has one owning module that reloads it. */
export type ChangeTopic = 'locks' | 'directory' | 'budgets' | 'tariffs' | 'schedules';

/** One change another process must hear about, written in the transaction of the change. */
export interface ChangeFeedRow {
  id: number;
  topic: ChangeTopic;
  /** The writing process instance; a process skips its own rows (it published them already). */
  origin: string;
  /** Epoch ms. */
  createdAt: number;
  /** JSON of the topic's details (e.g. `{"lineIds":[4]}`), '' when the topic alone says enough. */
  payload: string;
}

export const changeFeedEntity = new EntitySchema<ChangeFeedRow>({
  name: 'ChangeFeed',
  tableName: 'change_feed',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    topic: { type: 'varchar', length: 16 },
    origin: { type: 'varchar', length: 64 },
    createdAt: { name: 'created_at', type: 'bigint', transformer: bigintAsNumber },
    payload: { type: 'text' },
  },
});
