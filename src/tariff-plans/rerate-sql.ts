import { callEntity } from '../store/index.js';
import { PAGE, PAGE_COLUMNS, RATING_COLUMNS } from './rerate-page.js';

/** The column of a call property (from the entity, which the store's callColumns describe). */
export function columnOf(property: (typeof PAGE_COLUMNS)[number]): string {
  return String(callEntity.options.columns[property]?.name ?? property);
}

/** The rating columns' names, in RATING_COLUMNS order. */
export const ratingColumnNames = (): string[] => RATING_COLUMNS.map(columnOf);

/**
 * SQLite: a page of outgoing and transit calls by (started_at, id), each column named after its property.
 * Parameters: the range's start or the last call's start, the range's end, the last call's start and id.
 */
export function sqlitePageReadSql(): string {
  const columns = PAGE_COLUMNS.map((p) => `${columnOf(p)} AS "${p}"`).join(', ');
  const startedAt = columnOf('startedAt');
  return (
    `SELECT ${columns} FROM calls WHERE ${startedAt} >= ? AND ${startedAt} < ? AND (${startedAt} > ? OR id > ?) ` +
    `AND direction IN ('outgoing', 'transit') ORDER BY ${startedAt} ASC, id ASC LIMIT ${PAGE}`
  );
}
