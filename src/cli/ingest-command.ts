import { basename } from 'node:path';
import type { Command } from 'commander';
import {
  databaseOf,
  ingestFiles,
  type FileIngestResult,
  type IngestFilesSummary,
  type IngestProgress,
} from '../../cdr-collector/index.js';
import type { CliContext } from './cli-context.js';
import { printable, printableJson } from '../logging/index.js';

export function registerIngestCommand(program: Command, cli: CliContext): void {
  program
    .command('ingest')
    .description(
      'store CUCM CDR/CMR files at hand (same exactly-once ledger as the collectors: a file already ' +
        'stored is not stored again)',
    )
    .argument('<files...>', 'CUCM flat files (cdr_… or cmr_…)')
    .option('--json', 'print the summary as JSON (no progress bar)')
    .action(async (files: string[], opts: { json?: boolean }) => {
      const bar = !opts.json && process.stderr.isTTY ? createProgressBar((text) => process.stderr.write(text)) : null;
      const summary = await cli.withTollgate((t) =>
        ingestFiles(files, {
          config: t.config,
          database: databaseOf(t.dataSource),
          directory: () => t.directory.snapshot(),
          log: t.log,
          events: t.events,
          source: 'cli',
          origin: t.changes.origin,
          onProgress: (file, progress) => bar?.update(file, progress),
          onFileDone: () => bar?.clear(),
        }),
      );
      bar?.clear();
      cli.out(opts.json ? printableJson(summary) : formatSummary(summary));
      if (summary.failures.length > 0 || summary.files.some((f) => f.outcome === 'quarantined')) process.exitCode = 1;
    });
}

function createProgressBar(write: (text: string) => void) {
  const width = 30;
  let shown = false;
  const started = Date.now();
  return {
    update(file: { path: string; index: number; count: number }, p: IngestProgress) {
      const share = p.sizeBytes > 0 ? Math.min(1, p.bytesRead / p.sizeBytes) : 1;
      const filled = Math.round(share * width);
      const rate = p.records / Math.max(0.001, (Date.now() - started) / 1000);
      write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ` +
          `${file.index + 1}/${file.count} ${printable(basename(file.path))} ` +
          `${p.records.toLocaleString('en')} records (${Math.round(rate).toLocaleString('en')}/s)\u001b[K`,
      );
      shown = true;
    },
    clear() {
      if (shown) write('\r\u001b[K');
      shown = false;
    },
  };
}

function describe(f: FileIngestResult): string {
  const r = f.records;
  const counts =
    `${r.total} records: ${r.stored} stored, ${r.duplicate} duplicates, ${r.rejected} ` +
    `rejected, ${r.skipped} skipped`;
  switch (f.outcome) {
    case 'stored':
      return (
        `${f.name}: stored (${f.kind}) — ` +
        `${counts}${f.resumedAfterLine > 0 ? `, resumed after line ${f.resumedAfterLine}` : ''}` +
        `${f.reason ? ` (${f.reason})` : ''}`
      );
    case 'duplicate':
      return `${f.name}: already in the ledger, not stored again — ${f.reason}`;
    default:
      return `${f.name}: QUARANTINED — ${f.reason}`;
  }
}

function formatSummary(summary: IngestFilesSummary): string {
  const lines = summary.files.map(describe);
  for (const failure of summary.failures) lines.push(`${basename(failure.path)}: FAILED — ${failure.error}`);
  const count = (o: FileIngestResult['outcome']) => summary.files.filter((f) => f.outcome === o).length;
  const r = summary.records;
  lines.push(
    `total: ${summary.files.length + summary.failures.length} file(s) (${count('stored')} stored, ` +
      `${count('duplicate')} already stored, ` +
      `${count('quarantined')} quarantined, ${summary.failures.length} failed); ${r.stored} records ` +
      `stored, ${r.rejected} rejected, ` +
      `${r.duplicate} duplicates in ${(summary.durationMs / 1000).toFixed(1)} s`,
  );
  return lines.join('\n');
}
