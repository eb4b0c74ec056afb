import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The sample plans shipped in the package (tariffs/plans), found from this
 * file rather than the working folder, so the daemon runs with them from
 * anywhere: src/tariff-files/ in a checkout, dist/src/tariff-files/ once built.
 */
export function bundledPlansDir(): string {
  const candidates = ['../../tariffs/plans/', '../../../tariffs/plans/'].map((rel) =>
    fileURLToPath(new URL(rel, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(dir)) ?? (candidates[0] as string);
}

/** The folder the configuration names, or the bundled samples when it names none. */
export function plansDirOf(config: { plansDir: string }): string {
  return config.plansDir.trim() === '' ? bundledPlansDir() : config.plansDir;
}
