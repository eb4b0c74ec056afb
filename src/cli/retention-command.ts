import type { Command } from 'commander';
import { BadInputError } from '../errors/index.js';
import type { PurgeRecord, RetentionKind } from '../retention/index.js';
import { auditCli } from './cli-audit.js';
import type { CliContext } from './cli-context.js';

const iso = (ms: number) => new Date(ms).toISOString();
const printable = (r: PurgeRecord) => ({
  kind: r.kind,
  cutoff: iso(r.cutoff),
  deleted: r.deleted,
  startedAt: iso(r.startedAt),
  finishedAt: iso(r.finishedAt),
});
const kept = (k: RetentionKind) => (k.days === 0 ? 'for ever' : `${k.days} days`);

function checkFormat(format: string): void {
  if (!['table', 'json'].includes(format)) throw new BadInputError('--format must be table or json');
}

function positive(text: string, what: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new BadInputError(`${what} must be a whole number above 0`);
  return Number(text);
}

/** `tollgate retention show|history|run-now`: how long each kind of row is kept, and the purges that deleted rows. */
export function registerRetentionCommand(program: Command, cli: CliContext): void {
  const retention = program
    .command('retention')
    .description('what is kept how long (retention.* settings), the purges that deleted rows, and a purge now');

  retention
    .command('show')
    .description('each kind of row, how long it is kept, and its last purge')
    .option('--format <format>', 'table or json', 'table')
    .action(async (o: { format: string }) => {
      checkFormat(o.format);
      await cli.withTollgate(async (t) => {
        const kinds = t.retention.kinds();
        const last = await Promise.all(
          kinds.map(async (k) => (await t.retention.history({ kind: k.kind, limit: 1 }))[0]),
        );
        const rows = kinds.map((k, i) => ({
          kind: k.kind,
          table: k.table,
          days: k.days,
          lastPurge: last[i] ? printable(last[i]) : null,
        }));
        if (o.format === 'json') return cli.out(JSON.stringify(rows, null, 2));
        cli.out(`${'kind'.padEnd(32)} ${'table'.padEnd(36)} ${'kept'.padEnd(9)} last purge`);
        for (const [i, r] of rows.entries()) {
          const purge = r.lastPurge
            ? `last purge ${r.lastPurge.startedAt}: ${r.lastPurge.deleted} deleted, older than ${r.lastPurge.cutoff}`
            : 'no purge deleted rows yet';
          cli.out(`${r.kind.padEnd(32)} ${r.table.padEnd(36)} ${kept(kinds[i]!).padEnd(9)} ${purge}`);
        }
      });
    });

  retention
    .command('history')
    .description('the purges that deleted rows, newest first')
    .option('--kind <kind>', 'only this kind (as `retention show` names it)')
    .option('--limit <n>', 'at most this many purges', '100')
    .option('--format <format>', 'table or json', 'table')
    .action(async (o: { kind?: string; limit: string; format: string }) => {
      checkFormat(o.format);
      const limit = positive(o.limit, '--limit');
      await cli.withTollgate(async (t) => {
        if (o.kind !== undefined && !t.retention.kinds().some((k) => k.kind === o.kind))
          throw new BadInputError(
            `no retention kind "${o.kind}" (kinds: ${t.retention
              .kinds()
              .map((k) => k.kind)
              .join(', ')})`,
          );
        const purges = (await t.retention.history({ ...(o.kind ? { kind: o.kind } : {}), limit })).map(printable);
        if (o.format === 'json') return cli.out(JSON.stringify(purges, null, 2));
        for (const p of purges)
          cli.out(
            `${p.startedAt}  ${p.kind.padEnd(32)} ${String(p.deleted).padStart(10)} deleted, older than ${p.cutoff}`,
          );
      });
    });

  retention
    .command('run-now')
    .description('purge every kind now, as the daemon does each retention.everyMinutes (recorded in the audit log)')
    .action(async () => {
      await cli.withTollgate(async (t) => {
        const records = await t.retention.purgeNow();
        const deleted = Object.fromEntries(records.map((r) => [r.kind, r.deleted]));
        await auditCli(t, 'retention.purge', 'all kinds', { deleted });
        if (records.length === 0) return cli.out('every kind is kept for ever: nothing to purge');
        for (const r of records)
          cli.out(`${r.kind.padEnd(32)} ${String(r.deleted).padStart(10)} deleted, older than ${iso(r.cutoff)}`);
      });
    });
}
