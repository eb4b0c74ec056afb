import type { TableColumnOptions } from 'typeorm';

/**
 * Compact column builders for migrations. Migrations are frozen snapshots:
 * they spell out their columns instead of deriving them from today's entities.
 */
export const col = {
  id: (name = 'id'): TableColumnOptions => ({
    name,
    type: 'integer',
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment',
  }),
  str: (name: string, length: number, defaultValue = ''): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    default: `'${defaultValue}'`,
  }),
  nstr: (name: string, length: number): TableColumnOptions => ({
    name,
    type: 'varchar',
    length: String(length),
    isNullable: true,
  }),
  int: (name: string, defaultValue = 0): TableColumnOptions => ({
    name,
    type: 'integer',
    default: String(defaultValue),
  }),
  nint: (name: string): TableColumnOptions => ({ name, type: 'integer', isNullable: true }),
  big: (name: string): TableColumnOptions => ({ name, type: 'bigint' }),
  nbig: (name: string): TableColumnOptions => ({ name, type: 'bigint', isNullable: true }),
  bool: (name: string, defaultValue?: boolean): TableColumnOptions =>
    defaultValue === undefined
      ? { name, type: 'boolean' }
      : { name, type: 'boolean', default: defaultValue ? 'true' : 'false' },
  real: (name: string): TableColumnOptions => ({ name, type: 'real', isNullable: true }),
  text: (name: string): TableColumnOptions => ({ name, type: 'text' }),
};
