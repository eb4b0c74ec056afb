import type { EntityManager } from 'typeorm';
import type { Clock } from '../clock.js';
import { changeFeedEntity, type ChangeTopic } from '../store/index.js';
import { changeChannelOf } from './change-channel.js';

/** What a topic's change names; absent fields mean "reload the whole topic". */
export interface ChangePayload {
  /** locks: the lines whose lock state changed. */
  lineIds?: number[];
  /** calls: the calls a CDR ingest batch stored (their spend counts in every daemon's budgets). */
  callIds?: number[];
}

/** Appends changes for other processes; each process (daemon, CLI run) has one, with its own origin. */
export interface ChangeFeedWriter {
  readonly origin: string;
  /** Adds a row inside the caller's transaction (and, on PostgreSQL, a NOTIFY delivered when it commits). */
  append(manager: EntityManager, topic: ChangeTopic, payload?: ChangePayload): Promise<void>;
}

export interface ChangeNotification {
  id: number;
  origin: string;
}

export function createChangeFeedWriter(deps: { clock: Clock; origin: string }): ChangeFeedWriter {
  return {
    origin: deps.origin,
    async append(manager, topic, payload) {
      const row = {
        topic,
        origin: deps.origin,
        createdAt: deps.clock.now().getTime(),
        payload: payload ? JSON.stringify(payload) : '',
      };
      const result = await manager.insert(changeFeedEntity.options.name, row);
      if (manager.connection.options.type !== 'postgres') return;
      const id = Number((result.identifiers[0] as { id?: number } | undefined)?.id ?? 0);
      const note: ChangeNotification = { id, origin: deps.origin };
      // pg_notify in the transaction: PostgreSQL delivers it at commit, and never if the change rolls back.
      await manager.query('SELECT pg_notify($1, $2)', [changeChannelOf(manager.connection), JSON.stringify(note)]);
    },
  };
}
