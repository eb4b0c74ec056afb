import { cucmFieldType, isIntegerField } from './cucm-file-format.js';

export type CucmFieldValues = Record<string, string | number>;

export interface RenderOptions {
  eol?: '\n' | '\r\n';
  /** Leave out line 2 (field types), as some exports do. */
  withoutTypesLine?: boolean;
}

/** One record line: integers bare, strings double-quoted with "" escapes, absent fields 0 or "". */
export function renderCucmRecord(kind: 'cdr' | 'cmr', fields: readonly string[], values: CucmFieldValues): string {
  return fields
    .map((field) => {
      const v = values[field];
      if (isIntegerField(kind, field)) return v === undefined ? '0' : String(v);
      return `"${String(v ?? '').replaceAll('"', '""')}"`;
    })
    .join(',');
}

/** A whole CUCM flat file: quoted field names, the field types line, then the records. */
export function renderCucmFile(
  kind: 'cdr' | 'cmr',
  fields: readonly string[],
  records: CucmFieldValues[],
  options: RenderOptions = {},
): string {
  const eol = options.eol ?? '\n';
  const lines = [fields.map((f) => `"${f}"`).join(',')];
  if (!options.withoutTypesLine) lines.push(fields.map((f) => cucmFieldType(kind, f)).join(','));
  for (const record of records) lines.push(renderCucmRecord(kind, fields, record));
  return lines.join(eol) + eol;
}
