import type { CallRow } from '../store/index.js';

export type CallColumnType = 'varchar' | 'integer' | 'bigint' | 'boolean' | 'real';
export type CallColumnValue = string | number | boolean | null;

/** One field of a stored call: its column (or its place in the packed `detail` column), type, limit and default. */
export interface CallColumn {
  property: Exclude<keyof CallRow, 'id'>;
  name: string;
  type: CallColumnType;
  /** varchar limit: longer values are cut by the collector (PostgreSQL would refuse them). */
  length?: number;
  nullable?: boolean;
  /** The value the table fills in when an INSERT leaves the column out; undefined: every insert names it. */
  default?: CallColumnValue;
  /**
   * CUCM detail only an investigation reads: kept in the one `detail` column as
   * a JSON array (position = order among packed fields, trailing defaults left
   * out), not a column of its own. Reports read it with `detail ->> N` (the
   * same operator on SQLite and on PostgreSQL's jsonb). SQLite's CDR ingest stores it as SQLite's binary JSON
   * (JSONB, smaller); read it through SQL (`->>`, or `json(detail)` for the text), never as a string.
   */
  packed?: boolean;
  /**
   * A repeated text kept as a short integer code (issue 18): the column `name`
   * holds the id of its text in `call_texts` (id, kind, text), code 0 is '' (the
   * column's default), NULL is NULL. Reports read the text with callTextSql;
   * writers turn texts into codes (the ingest's store thread caches them,
   * extending `call_texts` in the transaction of its calls). `length` limits the text.
   */
  coded?: CallTextKind;
  /**
   * A packed field that mostly repeats another field: an earlier packed one (the final called number the original,
   * the final called partition the original's) or a column of the row (the original called number the owner's
   * extension, as on an incoming call). JSON null in its place stands for that field's value (the ingest writes
   * null when the two are equal and not ''; callDetailSql and unpackCallDetail read it back). Rows stored before a
   * field had its sameAs hold its text there, never null.
   */
  sameAs?: CallColumn['property'];
  /**
   * A column readers see as ever, kept in another (issue 18): `name` is a generated column, computed from the column
   * `stored.name` and the row (VIRTUAL on SQLite: no bytes; STORED on PostgreSQL, which has no other kind before 18).
   * Writers write `stored.name` (storedCallValue); readers, indexes and triggers read `name`.
   */
  stored?: CallStoredForm;
}

/**
 * How a generated call column (CallColumn.stored) is kept: `codes`, a closed set of texts, as the position of the
 * text in `codes` (an integer, the first the default; NULL for NULL); `unlessSameAs`, a text that mostly repeats a
 * column of the row, as itself when it differs, else NULL.
 */
export type CallStoredForm =
  { name: string; codes: readonly string[] } | { name: string; unlessSameAs: CallColumn['property'] };

/** The kinds of text `call_texts` holds: a text has one code per kind. */
export type CallTextKind = 'cluster' | 'partition' | 'device' | 'ip' | 'carrier' | 'tariff-plan' | 'tariff-row';

const str = (property: CallColumn['property'], name: string, length: number, packed = false): CallColumn => ({
  property,
  name,
  type: 'varchar',
  length,
  default: '',
  packed,
});
/**
 * A packed text that repeats from call to call (a partition, a device, an IP address): its place in `detail` holds
 * the code of its text in `call_texts` (a JSON number) once the ingest knows one, else the text itself (a JSON
 * string: '' always, a text met for the first time, rows stored before issue 18's detail codes). Read it with
 * callDetailSql, which takes either.
 */
const packedCode = (
  property: CallColumn['property'],
  name: string,
  length: number,
  kind: CallTextKind,
): CallColumn => ({
  ...str(property, name, length, true),
  coded: kind,
});
const nstr = (property: CallColumn['property'], name: string, length: number): CallColumn => ({
  property,
  name,
  type: 'varchar',
  length,
  nullable: true,
  default: null,
});
const int = (property: CallColumn['property'], name: string, packed = false): CallColumn => ({
  property,
  name,
  type: 'integer',
  default: 0,
  packed,
});
const nint = (property: CallColumn['property'], name: string): CallColumn => ({
  property,
  name,
  type: 'integer',
  nullable: true,
  default: null,
});
/** A text column kept as a code (CallColumn.coded): `name` is the code column's. */
const code = (property: CallColumn['property'], name: string, kind: CallTextKind, length: number): CallColumn => ({
  property,
  name,
  type: 'integer',
  length,
  default: 0,
  coded: kind,
});
/** A nullable text column kept as a code (CallColumn.coded): NULL stays NULL, '' is code 0. */
const ncode = (property: CallColumn['property'], name: string, kind: CallTextKind, length: number): CallColumn => ({
  ...code(property, name, kind, length),
  nullable: true,
  default: null,
});
const big = (property: CallColumn['property'], name: string): CallColumn => ({ property, name, type: 'bigint' });
/** A text of a closed set, stored as its position in `codes` (CallColumn.stored). */
const enumText = (property: CallColumn['property'], name: string, codes: readonly string[]): CallColumn => ({
  property,
  name,
  type: 'varchar',
  length: 16,
  stored: { name: `${name}_code`, codes },
});
/** A text stored as NULL when it equals column `sameAs` of the row (CallColumn.stored). */
const strUnlessSame = (
  property: CallColumn['property'],
  name: string,
  length: number,
  sameAs: CallColumn['property'],
): CallColumn => ({ ...str(property, name, length), stored: { name: `${name}_if_other`, unlessSameAs: sameAs } });

/** A nullable text of a closed set (enumText): NULL stays NULL. */
const nenumText = (property: CallColumn['property'], name: string, codes: readonly string[]): CallColumn => ({
  ...enumText(property, name, codes),
  nullable: true,
  default: null,
});

/**
 * The directions of a call (CallDirection), in the order of their codes in `calls.direction_code` (migration
 * 1797500000000): never reorder; append.
 */
export const callDirectionCodes = ['outgoing', 'incoming', 'internal', 'transit', 'unknown'] as const;
/**
 * The destination types (tariffs/destination-type.ts, the same set: a test compares them), in the order of their
 * codes in `calls.destination_type_code` (migration 1797500000000): never reorder; append.
 */
export const callDestinationTypeCodes = [
  'fixed-local',
  'fixed-national',
  'mobile',
  'toll-free',
  'premium',
  'shared-cost',
  'emergency',
  'internal',
  'special',
  'unknown',
] as const;

/**
 * The stored call, described once (issue 21): the entity, the collector's
 * insert, its defaults and the packing of the detail are derived from this
 * list; `call-columns.int.test.ts` checks it against the migrated table on
 * both databases. The row itself holds what rating, budgets and reports
 * filter and group by; the CUCM detail is packed.
 */
export const callColumns: readonly CallColumn[] = [
  code('clusterId', 'cluster_code', 'cluster', 64),
  big('globalCallManagerId', 'global_call_manager_id'),
  big('globalCallId', 'global_call_id'),
  big('origLegId', 'orig_leg_id'),
  big('destLegId', 'dest_leg_id'),
  nint('fileId', 'file_id'),
  big('startedAt', 'started_at'),
  { ...big('connectedAt', 'connected_at'), nullable: true, default: null },
  big('endedAt', 'ended_at'),
  int('durationSeconds', 'duration_seconds'),
  enumText('direction', 'direction', callDirectionCodes),
  { property: 'answered', name: 'answered', type: 'boolean' },
  str('ownerExtension', 'owner_extension', 50),
  code('ownerPartition', 'owner_partition_code', 'partition', 50),
  { property: 'ownerKnown', name: 'owner_known', type: 'boolean', default: true },
  nint('ownerLineId', 'owner_line_id'),
  nint('ownerUserId', 'owner_user_id'),
  nint('departmentId', 'department_id'),
  nint('costCentreId', 'cost_centre_id'),
  nstr('site', 'site', 60),
  strUnlessSame('callingNumber', 'calling_number', 64, 'ownerExtension'),
  strUnlessSame('outpulsedCalledNumber', 'outpulsed_called_number', 64, 'dialledNumber'),
  str('dialledNumber', 'dialled_number', 64),
  nstr('gateway', 'gateway', 129),
  ncode('carrier', 'carrier_code', 'carrier', 120),
  nstr('destinationE164', 'destination_e164', 32),
  nstr('nation', 'nation', 2),
  nenumText('destinationType', 'destination_type', callDestinationTypeCodes),
  nstr('destinationName', 'destination_name', 120),
  nint('costMinor', 'cost_minor'),
  nstr('currency', 'currency', 3),
  ncode('tariffPlan', 'tariff_plan_code', 'tariff-plan', 120),
  ncode('tariffRow', 'tariff_row_code', 'tariff-row', 120),
  nstr('unratedReason', 'unrated_reason', 120),
  { property: 'mos', name: 'mos', type: 'real', nullable: true, default: null },
  nint('jitterMs', 'jitter_ms'),
  nint('packetLoss', 'packet_loss'),
  nint('latencyMs', 'latency_ms'),
  str('unknownExtension', 'unknown_extension', 50),
  // Packed into `detail`, in this order (never reorder: stored rows keep their positions; append new ones).
  packedCode('callingPartition', 'calling_partition', 50, 'partition'),
  { ...str('originalCalledNumber', 'original_called_number', 64, true), sameAs: 'ownerExtension' },
  packedCode('originalCalledPartition', 'original_called_partition', 50, 'partition'),
  { ...str('finalCalledNumber', 'final_called_number', 64, true), sameAs: 'originalCalledNumber' },
  {
    ...packedCode('finalCalledPartition', 'final_called_partition', 50, 'partition'),
    sameAs: 'originalCalledPartition',
  },
  str('lastRedirectDn', 'last_redirect_dn', 64, true),
  packedCode('lastRedirectDnPartition', 'last_redirect_dn_partition', 50, 'partition'),
  str('outpulsedCallingNumber', 'outpulsed_calling_number', 64, true),
  packedCode('origDevice', 'orig_device', 129, 'device'),
  packedCode('destDevice', 'dest_device', 129, 'device'),
  int('origCause', 'orig_cause', true),
  int('destCause', 'dest_cause', true),
  int('origRedirectReason', 'orig_redirect_reason', true),
  int('lastRedirectReason', 'last_redirect_reason', true),
  str('huntPilotDn', 'hunt_pilot_dn', 64, true),
  str('authCodeDescription', 'auth_code_description', 64, true),
  int('authorizationLevel', 'authorization_level', true),
  str('clientMatterCode', 'client_matter_code', 64, true),
  packedCode('origIp', 'orig_ip', 45, 'ip'),
  packedCode('destIp', 'dest_ip', 45, 'ip'),
];

/** Columns of their own, in table order (the packed fields live in `detail`, which follows them). */
export const callRowColumns: readonly CallColumn[] = callColumns.filter((c) => !c.packed);
/**
 * The columns of their own as writers write them, in callRowColumns order: a generated column's stored one
 * (CallColumn.stored) in its place, under the same property; the others as they are.
 */
export const callStoredRowColumns: readonly CallColumn[] = callRowColumns.map((c): CallColumn => {
  const s = c.stored;
  if (!s) return c;
  if ('codes' in s)
    return c.nullable
      ? { property: c.property, name: s.name, type: 'integer', nullable: true, default: null }
      : { property: c.property, name: s.name, type: 'integer', default: 0 };
  return { property: c.property, name: s.name, type: 'varchar', length: c.length, nullable: true, default: null };
});

/** The generated columns (CallColumn.stored), in table order. */
export const callGeneratedColumns: readonly CallColumn[] = callRowColumns.filter((c) => c.stored);

/**
 * The value generated column `c` (CallColumn.stored) keeps in its stored column for `value`; `same` is the call's
 * value of the column a repeated text stands for (`unlessSameAs`), else unused. Other columns keep the value itself.
 * Throws for a text outside a closed set.
 */
export function storedCallValue(c: CallColumn, value: CallColumnValue, same: CallColumnValue): CallColumnValue {
  const s = c.stored;
  if (!s) return value;
  if ('codes' in s) {
    if (value === null && c.nullable) return null;
    const code = s.codes.indexOf(value as string);
    if (code < 0) throw new Error(`${c.property} '${String(value)}' is not one of ${s.codes.join(', ')}`);
    return code;
  }
  return value === same ? null : value;
}

/** The value of generated column `c` from its stored one (the reverse of storedCallValue, `same` alike). */
export function generatedCallValue(c: CallColumn, stored: CallColumnValue, same: CallColumnValue): CallColumnValue {
  const s = c.stored;
  if (!s) return stored;
  if ('codes' in s) return stored === null ? null : (s.codes[stored as number] ?? null);
  return stored ?? same;
}

/** The property of the column generated column `c`'s stored NULL stands for (`unlessSameAs`), if any. */
export function callSameAsOf(c: CallColumn): CallColumn['property'] | undefined {
  return c.stored && 'unlessSameAs' in c.stored ? c.stored.unlessSameAs : undefined;
}

/**
 * The SQL that generates column `c` (CallColumn.stored) from its stored column, as migration 1797500000000 spelt
 * it (frozen there; the migration's test compares the two).
 */
export function callGeneratedSql(c: CallColumn): string {
  const s = c.stored;
  if (!s) throw new Error(`${c.property} is not a generated call column`);
  if ('codes' in s) return `CASE ${s.name} ${s.codes.map((t, i) => `WHEN ${i} THEN '${t}'`).join(' ')} END`;
  const same = callRowColumns.find((o) => o.property === s.unlessSameAs);
  if (!same) throw new Error(`${s.unlessSameAs} is not a call column`);
  return `COALESCE(${s.name}, ${same.name})`;
}

/** The packed fields, in their positions in `detail`. */
export const callDetailFields: readonly CallColumn[] = callColumns.filter((c) => c.packed);
/**
 * Per packed field, whether its 0 is written as JSON null (an integer field: SQLite's JSONB holds null in one byte,
 * 0 in two); callDetailSql and unpackCallDetail read null as 0.
 */
export const callDetailZeroAsNull: readonly boolean[] = callDetailFields.map(
  (f) => f.type === 'integer' && f.default === 0,
);

/**
 * The `detail` value of packed field values in callDetailFields order: trailing defaults left out; null when all
 * are. An integer field's 0 is JSON null (one byte in SQLite's JSONB, two for 0), which readers take as 0.
 */
export function packCallDetail(values: readonly CallColumnValue[]): string | null {
  let last = values.length - 1;
  while (last >= 0 && values[last] === callDetailFields[last]?.default) last--;
  if (last < 0) return null;
  const kept = values.slice(0, last + 1).map((v, i) => (v === 0 && callDetailZeroAsNull[i] ? null : v));
  return JSON.stringify(kept);
}

/**
 * The packed fields of a `detail` value by property (absent positions at their defaults). `row`: the call's own
 * columns a packed field's null may stand for (CallColumn.sameAs: the owner's extension); throws when one is
 * needed and not given.
 */
export function unpackCallDetail(detail: string | null, row: Partial<CallRow> = {}): Partial<CallRow> {
  const values = detail ? (JSON.parse(detail) as CallColumnValue[]) : [];
  const out: Record<string, unknown> = {};
  callDetailFields.forEach((f, i) => {
    const value = values[i];
    if (value !== null || !f.sameAs) out[f.property] = value ?? f.default;
    else if (f.sameAs in out) out[f.property] = out[f.sameAs];
    else if (row[f.sameAs] !== undefined) out[f.property] = row[f.sameAs];
    else throw new Error(`${f.property} is the call's ${f.sameAs}: give the row to read it`);
  });
  return out as Partial<CallRow>;
}

/** SQL reading field `property` of the call aliased `alias`, packed or a column of its own (a coded one's text). */
function callFieldSql(property: CallColumn['property'], alias: string): string {
  if (callDetailFields.some((f) => f.property === property)) return callDetailSql(property, alias);
  const column = callRowColumns.find((c) => c.property === property);
  if (!column) throw new Error(`${property} is not a call field`);
  return column.coded ? callTextSql(property, alias) : `${alias}.${column.name}`;
}

/** SQL reading packed field `property` of the call aliased `alias` (same text on SQLite and PostgreSQL). */
export function callDetailSql(property: CallColumn['property'], alias = 'c'): string {
  const i = callDetailFields.findIndex((f) => f.property === property);
  const field = callDetailFields[i];
  if (!field) throw new Error(`${property} is not a packed call field`);
  if (field.type === 'integer') return `COALESCE(CAST(${alias}.detail ->> ${i} AS INTEGER), 0)`;
  const own = ownDetailTextSql(field, i, alias);
  if (!field.sameAs) return own;
  // `->` gives the JSON of the value on both databases: 'null' for JSON null, a leading quote for a string.
  const same = callFieldSql(field.sameAs, alias);
  return `(CASE WHEN CAST(${alias}.detail -> ${i} AS TEXT) = 'null' THEN ${same} ELSE ${own} END)`;
}

/** SQL reading the text packed field `field` holds itself at position `i` (a coded one's through its code). */
function ownDetailTextSql(field: CallColumn, i: number, alias: string): string {
  if (!field.coded) return `COALESCE(${alias}.detail ->> ${i}, '')`;
  // A coded field holds a JSON string (the text) or a JSON number (its code).
  const value = `${alias}.detail ->> ${i}`;
  const text = `(SELECT ct.text FROM call_texts ct WHERE ct.id = CAST(${value} AS INTEGER))`;
  return `COALESCE(CASE WHEN CAST(${alias}.detail -> ${i} AS TEXT) LIKE '"%' THEN ${value} ELSE ${text} END, '')`;
}

/** Every packed field of the call aliased `alias`, each AS its own column name (coded ones as texts). */
export function callDetailColumnsSql(alias = 'c'): string {
  return callDetailFields.map((f) => `${callDetailSql(f.property, alias)} AS ${f.name}`).join(', ');
}

/** The packed fields kept as codes once known (CallColumn.coded), with their positions in `detail`. */
export const callCodedDetailFields: ReadonlyArray<{ at: number; kind: CallTextKind; column: CallColumn }> =
  callDetailFields.flatMap((column, at) => (column.coded ? [{ at, kind: column.coded, column }] : []));

/** The coded columns (CallColumn.coded), in table order. */
export const callCodedColumns: readonly CallColumn[] = callRowColumns.filter((c) => c.coded);

/** Coded column `property` (CallColumn.coded) and its kind; throws for any other. */
function codedColumn(property: CallColumn['property']): CallColumn & { kind: CallTextKind } {
  const column = callCodedColumns.find((c) => c.property === property);
  if (!column?.coded) throw new Error(`${property} is not a coded call column`);
  return { ...column, kind: column.coded };
}

/**
 * SQL reading the text of coded column `property` of the call aliased `alias` ('' for code 0, NULL for NULL; the
 * same on SQLite and PostgreSQL).
 */
export function callTextSql(property: CallColumn['property'], alias = 'c'): string {
  const column = codedColumn(property);
  return `(SELECT ct.text FROM call_texts ct WHERE ct.id = ${alias}.${column.name})`;
}

/**
 * SQL true when the text of coded column `property` of the call aliased `alias` is one of `listSql` (a list of SQL
 * values): the codes of those texts are looked up once, and the column is compared with them.
 */
export function callTextInSql(property: CallColumn['property'], listSql: string, alias = 'c'): string {
  const column = codedColumn(property);
  return (
    `${alias}.${column.name} IN ` +
    `(SELECT ct.id FROM call_texts ct WHERE ct.kind IN ('${column.kind}', '') AND ct.text IN (${listSql}))`
  );
}

/** The column holding the code of coded column `property`. */
export function callCodeColumn(property: CallColumn['property']): string {
  return codedColumn(property).name;
}

/** SQL giving the code of text `textSql` of `kind` (NULL when no call holds it; 0 for ''). */
export function callTextCodeSql(kind: CallTextKind, textSql: string): string {
  // Code 0 is the row ('', '') every database holds, so '' finds it under kind ''.
  return `(SELECT ct.id FROM call_texts ct WHERE ct.kind IN ('${kind}', '') AND ct.text = ${textSql})`;
}

/**
 * The calls index keyed by UTC hour first, then the extension (migrations 1796100000000, 1797200000000): readers
 * sort an extension's calls within each hour. A user's calls are found through it too, by the extensions the user
 * made calls on (callsOnExtensionsOfUsersSql; migration 1797400000000 dropped the user's own index).
 */
export const callExtensionHourIndex = 'ix_calls_extension_hour';
/** `(hour, remote number)` on SQLite (migration 1796900000000): call lists filtered by the number. */
export const callNumberHourIndex = 'ix_calls_number_hour';
/**
 * Past this many hours (11 years) a period's hours are a range rather than a list (the owner then filters inside
 * the range).
 */
const MAX_LISTED_HOURS = 100_000;

/** A call's UTC hour as the hour-keyed calls indexes key it (`callExtensionHourIndex`, `callNumberHourIndex`). */
export function callHourSql(alias = 'c'): string {
  return `${alias}.started_at / 3600`;
}

/**
 * The condition that lets an hour-keyed calls index (`callExtensionHourIndex`, `callNumberHourIndex`) serve the
 * calls aliased `alias` started in [from, to) (epoch seconds): the UTC hours of the period in the form the index
 * keys them, `started_at / 3600`, listed (`IN (…)`, literals: they are computed, never given), so that SQLite and
 * PostgreSQL seek hour by hour to the owner and then the time range. The caller keeps its own started_at bounds.
 */
export function callHoursSql(from: number, to: number, alias = 'c'): string {
  const first = Math.floor(from / 3_600);
  const last = Math.floor((Math.max(to, from + 1) - 1) / 3_600);
  const hour = callHourSql(alias);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last)) throw new Error(`bad period ${from}…${to}`);
  if (last - first >= MAX_LISTED_HOURS) return `${hour} BETWEEN ${first} AND ${last}`;
  const hours: number[] = [];
  for (let h = first; h <= last; h++) hours.push(h);
  return `${hour} IN (${hours.join(', ')})`;
}
