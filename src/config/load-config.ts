import { existsSync, readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { configSchema, type Config } from './config-schema.js';
import { dropRemovedSettings } from './removed-settings.js';
import { listSettings, unknownSettingPaths, type SettingDescriptor } from './schema-walk.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Explicit file (--config); must exist. */
  file?: string;
  /** Used when no file is given: read if present. */
  defaultFile?: string;
  env?: Record<string, string | undefined>;
}

/** Reads the YAML file, applies TOLLGATE_* environment overrides and validates the whole; warns of removed settings. */
export function loadConfig(options: LoadConfigOptions = {}): {
  config: Config;
  file: string | null;
  warnings: string[];
} {
  const problems: string[] = [];
  const fileName = options.file ?? options.defaultFile ?? 'tollgate.yaml';
  let raw: Record<string, unknown> = {};
  let usedFile: string | null = null;
  if (options.file !== undefined && !existsSync(options.file)) {
    throw new ConfigError([`config file ${options.file} does not exist`]);
  }
  if (existsSync(fileName)) {
    usedFile = fileName;
    try {
      const parsed: unknown = parseYaml(readFileSync(fileName, 'utf8'));
      if (parsed !== null && parsed !== undefined) {
        if (typeof parsed !== 'object' || Array.isArray(parsed))
          problems.push(`${fileName}: the top level must be a mapping`);
        else raw = parsed as Record<string, unknown>;
      }
    } catch (err) {
      problems.push(`${fileName}: ${(err as Error).message}`);
    }
  }
  const { env, warnings } = dropRemovedSettings(raw, options.env ?? {});
  applyEnvOverrides(raw, env, problems);
  for (const path of unknownSettingPaths(configSchema, raw)) {
    problems.push(`${path}: no such setting (see the settings table in docs/manual/configuration.md)`);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    // Unknown keys are reported above, for strict and plain objects alike.
    for (const issue of result.error.issues.filter((i) => i.code !== 'unrecognized_keys')) {
      problems.push(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
  } else {
    problems.push(...folderProblems(result.data));
  }
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return { config: result.data, file: usedFile, warnings };
}

/** Folders the configuration names that must exist at start (an empty plans folder means the bundled samples). */
function folderProblems(config: Config): string[] {
  const dir = config.tariffs.plansDir;
  if (dir.trim() === '') return [];
  if (!existsSync(dir)) return [`tariffs.plansDir: folder ${dir} does not exist`];
  return statSync(dir).isDirectory() ? [] : [`tariffs.plansDir: ${dir} is not a folder`];
}

function applyEnvOverrides(
  raw: Record<string, unknown>,
  env: Record<string, string | undefined>,
  problems: string[],
): void {
  const settings = new Map<string, SettingDescriptor>(listSettings(configSchema).map((s) => [s.envName, s]));
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('TOLLGATE_') || value === undefined || name === 'TOLLGATE_CONFIG') continue;
    const setting = settings.get(name);
    if (!setting) {
      problems.push(`${name}: no such setting (see the settings table in docs/manual/configuration.md)`);
      continue;
    }
    const converted = convertEnvValue(setting, value);
    if (converted.error) {
      problems.push(`${name}: ${converted.error}`);
      continue;
    }
    setPath(raw, setting.path, converted.value);
  }
}

function convertEnvValue(setting: SettingDescriptor, value: string): { value?: unknown; error?: string } {
  switch (setting.kind) {
    case 'number': {
      const n = Number(value);
      return value.trim() === '' || Number.isNaN(n) ? { error: `"${value}" is not a number` } : { value: n };
    }
    case 'boolean':
      if (/^(true|1|yes|on)$/i.test(value)) return { value: true };
      if (/^(false|0|no|off)$/i.test(value)) return { value: false };
      return { error: `"${value}" is not a boolean (true/false)` };
    case 'json':
      try {
        return { value: JSON.parse(value) as unknown };
      } catch {
        return { error: 'expected JSON' };
      }
    default:
      return { value };
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}
