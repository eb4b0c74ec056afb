import type { Command } from 'commander';
import { directoryKinds, type DirectoryKind, type FileImportSummary } from '../directory/index.js';
import { basename } from 'node:path';
import { auditCli } from './cli-audit.js';
import { registerDirectorySyncCommand } from './directory-sync-command.js';
import type { CliContext } from './cli-context.js';
import { printableJson } from '../logging/index.js';

export function registerDirectoryCommand(program: Command, cli: CliContext): void {
  const directory = program.command('directory').description('the directory of users, lines, devices and gateways');
  directory
    .command('import')
    .description('load directory CSV files (upsert); kinds come from file names: ' + directoryKinds.join(', '))
    .argument('<files...>', 'CSV files')
    .option('--strict', 'refuse a whole file if any row is bad')
    .option('--kind <kind>', 'the kind of every file given, instead of guessing from names')
    .option('--json', 'print the summary as JSON')
    .action(async (files: string[], opts: { strict?: boolean; kind?: string; json?: boolean }) => {
      if (opts.kind !== undefined && !directoryKinds.includes(opts.kind as DirectoryKind)) {
        throw new Error(`--kind must be one of ${directoryKinds.join(', ')}`);
      }
      const summaries = await cli.withTollgate(async (t) => {
        const done = await t.directoryImport.importFiles(files, {
          strict: opts.strict ?? false,
          kind: opts.kind as DirectoryKind | undefined,
        });
        const imported = done.map((s) => ({
          file: basename(s.file),
          kind: s.kind,
          added: s.added,
          updated: s.updated,
          rejected: s.rejected.length,
          refused: s.refused !== null,
        }));
        await auditCli(t, 'directory.import', imported.map((f) => f.file).join(', '), { files: imported });
        return done;
      });
      if (opts.json) cli.out(printableJson(summaries));
      else cli.out(formatSummaries(summaries));
      if (summaries.some((s) => s.refused !== null || s.rejected.length > 0)) process.exitCode = 1;
    });
  registerDirectorySyncCommand(directory, cli);
}

function formatSummaries(summaries: FileImportSummary[]): string {
  const lines: string[] = [];
  for (const s of summaries) {
    lines.push(
      `${s.file} (${s.kind ?? 'unknown kind'}): ` +
        (s.refused ? `REFUSED: ${s.refused}` : `${s.added} added, ${s.updated} updated, ${s.rejected.length} rejected`),
    );
    for (const r of s.rejected) lines.push(`  line ${r.line}: ${r.reason}`);
  }
  const total = (k: 'added' | 'updated') => summaries.reduce((n, s) => n + s[k], 0);
  const rejected = summaries.reduce((n, s) => n + s.rejected.length, 0);
  lines.push(
    `total: ${total('added')} added, ${total('updated')} updated, ${rejected} rejected, ` +
      `${summaries.filter((s) => s.refused).length} file(s) refused`,
  );
  return lines.join('\n');
}
