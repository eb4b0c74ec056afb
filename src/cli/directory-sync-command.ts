import type { Command } from 'commander';
import { syncedKinds, type DirectorySyncSource, type KindPlan, type SyncResult } from '../directory-sync/index.js';
import { printableJson } from '../logging/index.js';
import { cliAuditEntry } from './cli-audit.js';
import type { CliContext } from './cli-context.js';

const choices = ['ldap', 'axl', 'all'] as const;

/** `tollgate directory sync [ldap|axl|all] [--dry-run]`: registered under `directory`. */
export function registerDirectorySyncCommand(directory: Command, cli: CliContext): void {
  directory
    .command('sync')
    .description('synchronise the directory from LDAP/Active Directory and/or CUCM AXL (directorySync settings)')
    .argument('[source]', `ldap, axl or all (the enabled ones)`, 'all')
    .option('--dry-run', 'list what would be added, changed and removed, and change nothing')
    .option('--limit <n>', 'rows listed per kind and action in the text output', '50')
    .option('--json', 'print the whole result as JSON')
    .action(async (source: string, opts: { dryRun?: boolean; limit: string; json?: boolean }) => {
      if (!choices.includes(source as (typeof choices)[number]))
        throw new Error(`source must be one of ${choices.join(', ')}`);
      const result = await cli.withTollgate(async (t) => {
        const sources: DirectorySyncSource[] =
          source === 'all' ? t.directorySync.enabledSources() : [source as DirectorySyncSource];
        const { actor, role, via, from } = cliAuditEntry('directory.sync', '');
        return t.directorySync.run({ sources, dryRun: opts.dryRun ?? false, by: { actor, role, via, from } });
      });
      if (opts.json) cli.out(printableJson(result));
      else cli.out(formatSyncResult(result, Math.max(0, Number(opts.limit) || 0)));
    });
}

export function formatSyncResult(result: SyncResult, limit: number): string {
  const out: string[] = [
    `${result.dryRun ? 'DRY RUN (nothing changed)' : 'synchronised'}: ${result.sources.join(' + ')}`,
  ];
  for (const kind of syncedKinds) {
    const c = result.counts[kind];
    out.push(`${kind}: ${c.added} added, ${c.changed} changed, ${c.removed} removed (marked gone)`);
    if (result.dryRun) out.push(...listed(result.plan[kind], limit));
  }
  if (result.plan.departments.length) out.push(`new departments: ${result.plan.departments.join(', ')}`);
  if (result.plan.costCentres.length) out.push(`new cost centres: ${result.plan.costCentres.join(', ')}`);
  for (const warning of result.plan.warnings.slice(0, limit)) out.push(`warning: ${warning}`);
  if (result.plan.warnings.length > limit) out.push(`… and ${result.plan.warnings.length - limit} more warnings`);
  return out.join('\n');
}

function listed(plan: KindPlan, limit: number): string[] {
  const lines: string[] = [];
  const cut = <T>(rows: T[], show: (row: T) => string) => {
    lines.push(...rows.slice(0, limit).map(show));
    if (rows.length > limit) lines.push(`  … and ${rows.length - limit} more`);
  };
  cut(plan.add, (a) => `  + ${a.key}`);
  cut(
    plan.change,
    (c) =>
      `  ~ ${c.key}: ${c.changes.map((f) => `${f.field} ${f.from ?? '(empty)'} → ${f.to ?? '(empty)'}`).join('; ')}`,
  );
  cut(plan.remove, (r) => `  - ${r.key}`);
  return lines;
}
