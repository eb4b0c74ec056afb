import { readFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { ChangeFeedWriter } from '../change-feed/index.js';
import type { EventBus } from '../events/index.js';
import { importOrder, kindFromFileName, type DirectoryKind } from './directory-csv-columns.js';
import { upsertDirectoryRows } from './directory-store.js';
import { parseDirectoryCsv, type RowProblem } from './parse-directory-csv.js';

export interface FileImportSummary {
  file: string;
  kind: DirectoryKind | null;
  added: number;
  updated: number;
  rejected: RowProblem[];
  /** Set when nothing of the file was loaded, and why. */
  refused: string | null;
}

export interface DirectoryImportService {
  importFiles(files: string[], options?: { strict?: boolean; kind?: DirectoryKind }): Promise<FileImportSummary[]>;
}

export interface DirectoryImportDeps {
  dataSource: DataSource;
  events: EventBus;
  log: Logger;
  /** Sets a line's default PIN if it has none yet (the PIN store owns hashing). */
  provisionDefaultPin?: (lineId: number, pin: string) => Promise<void>;
  /** Where an import is announced to other processes (a running daemon's CURRI and CDR worker reload). */
  changes?: ChangeFeedWriter;
}

class StrictRefusal extends Error {}

export function createDirectoryImportService(deps: DirectoryImportDeps): DirectoryImportService {
  return {
    async importFiles(files, options = {}) {
      const planned = files.map((file) => ({ file, kind: options.kind ?? kindFromFileName(file) }));
      planned.sort(
        (a, b) => (a.kind === null ? 99 : importOrder(a.kind)) - (b.kind === null ? 99 : importOrder(b.kind)),
      );
      const summaries: FileImportSummary[] = [];
      for (const { file, kind } of planned) {
        summaries.push(await importOne(deps, file, kind, options.strict ?? false));
      }
      if (summaries.some((s) => s.added + s.updated > 0)) deps.events.emit('directory.changed', { source: 'import' });
      return summaries;
    },
  };
}

async function importOne(
  deps: DirectoryImportDeps,
  file: string,
  kind: DirectoryKind | null,
  strict: boolean,
): Promise<FileImportSummary> {
  const summary: FileImportSummary = { file, kind, added: 0, updated: 0, rejected: [], refused: null };
  const log = deps.log.child({ file });
  if (kind === null) {
    summary.refused =
      'cannot tell what the file holds: name it departments, cost-centres, users, lines, devices or ' +
      'gateways (or pass --kind)';
    log.warn({ reason: summary.refused }, 'directory file refused');
    return summary;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    summary.refused = `cannot read the file: ${(err as Error).message}`;
    log.warn({ reason: summary.refused }, 'directory file refused');
    return summary;
  }
  const parsed = parseDirectoryCsv(text, kind);
  summary.rejected.push(...parsed.rejected);
  if (parsed.fileError) {
    summary.refused = parsed.fileError;
    log.warn({ reason: summary.refused }, 'directory file refused');
    return summary;
  }
  if (strict && parsed.rejected.length > 0) {
    summary.refused = `--strict: ${parsed.rejected.length} bad row(s), nothing loaded`;
    return summary;
  }
  let pins: Array<{ lineId: number; pin: string }> = [];
  try {
    await deps.dataSource.transaction(async (em) => {
      const outcome = await upsertDirectoryRows(em, parsed);
      summary.rejected.push(...outcome.rejected);
      if (strict && outcome.rejected.length > 0) throw new StrictRefusal();
      summary.added = outcome.added;
      summary.updated = outcome.updated;
      pins = outcome.pins;
      if (outcome.added + outcome.updated > 0) await deps.changes?.append(em, 'directory');
    });
  } catch (err) {
    if (!(err instanceof StrictRefusal)) throw err;
    summary.refused = `--strict: ${summary.rejected.length} bad row(s), nothing loaded`;
    return summary;
  }
  summary.rejected.sort((a, b) => a.line - b.line);
  for (const { lineId, pin } of pins) await deps.provisionDefaultPin?.(lineId, pin);
  log.info(
    { kind, added: summary.added, updated: summary.updated, rejected: summary.rejected.length },
    'directory file imported',
  );
  return summary;
}
