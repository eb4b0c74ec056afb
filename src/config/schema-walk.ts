import type { z } from 'zod';

/** A configuration leaf or subtree as the environment and the docs see it. */
export interface SettingDescriptor {
  path: string[];
  envName: string;
  kind: 'string' | 'number' | 'boolean' | 'enum' | 'json';
  description: string;
  defaultValue: unknown;
}

type AnySchema = z.ZodType & { def: Record<string, unknown> & { type: string }; description?: string };

export function envNameForPath(path: string[]): string {
  return ['TOLLGATE', ...path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase())].join('_');
}

/**
 * Lists every setting of an object schema: plain leaves as themselves, and
 * arrays and records as one JSON-valued setting each. Wrappers (default,
 * optional, prefault) are looked through; the outermost description and default win.
 */
export function listSettings(schema: z.ZodType, path: string[] = []): SettingDescriptor[] {
  let current = schema as AnySchema;
  let description = current.description ?? '';
  let defaultValue: unknown = undefined;
  for (;;) {
    const type = current.def.type;
    if (type === 'default' || type === 'prefault') {
      if (defaultValue === undefined) {
        const raw = current.def.defaultValue;
        defaultValue = typeof raw === 'function' ? (raw as () => unknown)() : raw;
      }
    } else if (type !== 'optional' && type !== 'nullable') {
      break;
    }
    current = current.def.innerType as AnySchema;
    description ||= current.description ?? '';
  }
  const type = current.def.type;
  if (type === 'object') {
    const shape = current.def.shape as Record<string, z.ZodType>;
    return Object.entries(shape).flatMap(([key, child]) => listSettings(child, [...path, key]));
  }
  const kind: SettingDescriptor['kind'] =
    type === 'string'
      ? 'string'
      : type === 'number'
        ? 'number'
        : type === 'boolean'
          ? 'boolean'
          : type === 'enum'
            ? 'enum'
            : 'json';
  return [{ path, envName: envNameForPath(path), kind, description, defaultValue }];
}

/**
 * Paths in `raw` (the YAML file with the environment applied) that the schema
 * does not know, such as a misspelt `phone.pin.maxAttemps`: zod would drop them
 * silently. Records and arrays are followed into their values.
 */
export function unknownSettingPaths(schema: z.ZodType, raw: unknown, path: string[] = []): string[] {
  let current = schema as AnySchema;
  for (;;) {
    const type = current.def.type;
    const wrapper = type === 'default' || type === 'prefault' || type === 'optional' || type === 'nullable';
    if (wrapper) current = current.def.innerType as AnySchema;
    else if (type === 'pipe') current = current.def.in as AnySchema;
    else break;
  }
  if (typeof raw !== 'object' || raw === null) return [];
  const type = current.def.type;
  if (type === 'array' && Array.isArray(raw)) {
    return raw.flatMap((item, i) => unknownSettingPaths(current.def.element as z.ZodType, item, [...path, String(i)]));
  }
  if (Array.isArray(raw)) return [];
  const entries = Object.entries(raw as Record<string, unknown>);
  if (type === 'record') {
    const values = current.def.valueType as z.ZodType;
    return entries.flatMap(([key, value]) => unknownSettingPaths(values, value, [...path, key]));
  }
  if (type !== 'object') return [];
  const shape = current.def.shape as Record<string, z.ZodType>;
  return entries.flatMap(([key, value]) => {
    const child = shape[key];
    return child === undefined ? [[...path, key].join('.')] : unknownSettingPaths(child, value, [...path, key]);
  });
}
