import { callColumns, callTextSql } from '../call-layout/index.js';
import { PAGE, PAGE_COLUMNS, RATING_COLUMNS, type RatingColumn } from './rerate-page.js';

function columnFor(property: (typeof PAGE_COLUMNS)[number]) {
  const column = callColumns.find((c) => c.property === property);
  if (!column) throw new Error(`${property} is not a call column`);
  return column;
}

/** SQL reading a call property of the row aliased `alias`: its column, or the text of its code (coded columns). */
export function columnReadSql(property: (typeof PAGE_COLUMNS)[number], alias: string): string {
  if (property === 'id') return `${alias}.id`;
  const column = columnFor(property);
  return column.coded ? callTextSql(property, alias) : `${alias}.${column.name}`;
}

/** The rating columns (name, and the kind of call_texts a coded one keeps its text in), in RATING_COLUMNS order. */
export const ratingColumns = (): RatingColumn[] =>
  RATING_COLUMNS.map((p) => {
    const column = columnFor(p);
    if (column.stored && 'codes' in column.stored) return { name: column.stored.name, codes: column.stored.codes };
    if (column.stored) throw new Error(`${p}: a rating column kept as the same as another is not rated again`);
    return column.coded ? { name: column.name, kind: column.coded } : { name: column.name };
  });

/**
 * A page of outgoing and transit calls by (started_at, id), each column named after its property (coded texts read
 * as their texts). Parameters (`placeholder(1…4)`): the range's start or the last call's start, the range's end,
 * the last call's start and id.
 */
export function pageReadSql(placeholder: (index: number) => string = () => '?'): string {
  const columns = PAGE_COLUMNS.map((p) => `${columnReadSql(p, 'c')} AS "${p}"`).join(', ');
  const [at, to, last, id] = [1, 2, 3, 4].map(placeholder);
  return (
    `SELECT ${columns} FROM calls c WHERE c.started_at >= ${at} AND c.started_at < ${to} ` +
    `AND (c.started_at > ${last} OR c.id > ${id}) ` +
    `AND c.direction IN ('outgoing', 'transit') ORDER BY c.started_at ASC, c.id ASC LIMIT ${PAGE}`
  );
}
