import type { ValueTransformer } from 'typeorm';

/**
 * `bigint` columns come back from PostgreSQL as strings; our epoch-second and id
 * values fit in a double, so we read them as numbers on every driver.
 */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? value : Number(value)),
};

/**
 * Instants are stored as epoch milliseconds in a `bigint` column: the same
 * type, ordering and arithmetic on SQLite and PostgreSQL, and no driver time-zone
 * surprises.
 */
export const dateAsEpochMs: ValueTransformer = {
  to: (value: Date | null | undefined) => (value instanceof Date ? value.getTime() : value),
  from: (value: string | number | null) => (value === null || value === undefined ? value : new Date(Number(value))),
};
