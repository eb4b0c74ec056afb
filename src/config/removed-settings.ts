import { removedCurriSettings } from './curri-config-schema.js';
import { removedPhoneSettings } from './phone-config-schema.js';
import { envNameForPath } from './schema-walk.js';

/** Removed settings by section (each section's schema file says which, and why). */
const removedSettings: Record<string, Record<string, string>> = {
  phone: removedPhoneSettings,
  curri: removedCurriSettings,
};

/**
 * Takes removed settings out of the file's values and the environment before
 * validation, with one warning each: an old file keeps loading, and says what
 * to delete, instead of failing as an unknown key would.
 */
export function dropRemovedSettings(
  raw: Record<string, unknown>,
  env: Record<string, string | undefined>,
): { env: Record<string, string | undefined>; warnings: string[] } {
  const warnings: string[] = [];
  const kept = { ...env };
  for (const [section, keys] of Object.entries(removedSettings)) {
    const node = raw[section];
    for (const [key, why] of Object.entries(keys)) {
      if (typeof node === 'object' && node !== null && !Array.isArray(node) && key in node) {
        delete (node as Record<string, unknown>)[key];
        warnings.push(
          `${section}.${key} is no longer used and is ignored: ${why}. Remove it from the configuration file.`,
        );
      }
      const envName = envNameForPath([section, key]);
      if (kept[envName] !== undefined) {
        delete kept[envName];
        warnings.push(`${envName} is no longer used and is ignored: ${why}.`);
      }
    }
  }
  return { env: kept, warnings };
}
