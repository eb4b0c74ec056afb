import type { Command } from 'commander';
import { parseDateTimeIn } from '../../tariffs/index.js';
import type { AuditFilter, AuditRecord } from '../audit/index.js';
import { BadInputError } from '../errors/index.js';
import { csvField } from '../reports/index.js';
import type { CliContext } from './cli-context.js';

interface AuditOptions {
  since?: string;
  until?: string;
  actor?: string;
  action?: string;
  format: string;
}

const columns = ['at', 'actor', 'role', 'via', 'from', 'action', 'target', 'detail'] as const;

/** An ISO date or date-time (no offset = general.timeZone), or an age: 30m, 24h, 7d. */
export function parseSince(value: string, now: Date, timeZone: string): Date {
  const age = /^(\d+)([mhd])$/.exec(value);
  if (age)
    return new Date(
      now.getTime() - Number(age[1]) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[age[2] as 'm' | 'h' | 'd'],
    );
  const at = parseDateTimeIn(value, timeZone);
  if (at === undefined) throw new BadInputError(`"${value}" is neither an ISO date/time nor an age like 24h or 7d`);
  return at;
}

function cells(r: AuditRecord): string[] {
  return [
    r.at.toISOString(),
    r.actor,
    r.role,
    r.via,
    r.from,
    r.action,
    r.target,
    Object.keys(r.detail).length ? JSON.stringify(r.detail) : '',
  ];
}

/** `tollgate audit`: the audit log of administrative and supervisor actions, oldest first. */
export function registerAuditCommand(program: Command, cli: CliContext): void {
  program
    .command('audit')
    .description(
      'show the audit log: who did what, when, through which door and from where (administrators and supervisors)',
    )
    .option('--since <time>', 'from this ISO date/time, or this long ago (30m, 24h, 7d)')
    .option('--until <time>', 'up to (excluded) this ISO date/time, or this long ago')
    .option('--actor <name>', 'only this account (CLI actors are cli:<login>)')
    .option('--action <action>', "only this action (lock.set), or a family ending with '.' (lock.)")
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (o: AuditOptions) => {
      if (!['table', 'csv', 'json'].includes(o.format)) throw new BadInputError('--format must be table, csv or json');
      const zone = cli.config().general.timeZone;
      const now = new Date();
      const filter: AuditFilter = {
        ...(o.since ? { from: parseSince(o.since, now, zone) } : {}),
        ...(o.until ? { to: parseSince(o.until, now, zone) } : {}),
        ...(o.actor ? { actor: o.actor } : {}),
        ...(o.action ? { action: o.action } : {}),
      };
      await cli.withTollgate(async (t) => {
        let count = 0;
        if (o.format === 'csv') cli.out(columns.join(','));
        if (o.format === 'json') process.stdout.write('[');
        for await (const r of t.audit.entries(filter)) {
          if (o.format === 'csv') cli.out(cells(r).map(csvField).join(','));
          else if (o.format === 'json')
            process.stdout.write(`${count ? ',' : ''}\n${JSON.stringify({ ...r, at: r.at.toISOString() })}`);
          else
            cli.out(
              cells(r)
                .filter((c, i) => i !== 7 || c !== '')
                .join('  '),
            );
          count++;
        }
        if (o.format === 'json') cli.out(count ? '\n]' : ']');
        if (o.format === 'table' && count === 0) cli.out('no audit entries match');
      });
    });
}
