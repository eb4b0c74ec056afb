/**
 * The change feed: how one process learns what another (the CLI, a second
 * daemon) changed in locks, the directory, budgets and tariffs. Writers append
 * a row in the transaction of their change (`ChangeFeedWriter.append`); the
 * daemon's listener hands other processes' rows to each topic's owner, woken
 * by PostgreSQL NOTIFY or, on SQLite, by `PRAGMA data_version`.
 */
export { createChangeFeedWriter, type ChangeFeedWriter, type ChangePayload } from './change-feed-writer.js';
export {
  createChangeListener,
  type ChangeHandlers,
  type ChangeListener,
  type ChangeListenerDeps,
  type ForeignChange,
} from './change-listener.js';
export { changeChannelOf } from './change-channel.js';
export { LISTENER_APPLICATION_NAME } from './postgres-change-follower.js';
export type { ChangeTopic } from '../store/index.js';
