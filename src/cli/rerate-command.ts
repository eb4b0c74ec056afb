import type { Command } from 'commander';
import { minorToDecimal, formatPlanProblem, parseDateTimeIn, type PlanProblem } from '../../tariffs/index.js';
import { BadInputError } from '../errors/index.js';
import { loadTariffBook, type RerateSummary } from '../tariff-plans/index.js';
import { auditCli } from './cli-audit.js';
import type { CliContext } from './cli-context.js';
import { daemonBaseUrl, unreachableReason } from './daemon-base-url.js';
import { printableJson } from '../logging/index.js';

/**
 * `tollgate rerate --from T --to T`: re-rates stored calls with the plans on
 * disk. The running daemon does it when one answers (its budgets recompute at
 * once); otherwise this process does, and the daemon's budgets catch up when it starts.
 */
export function registerRerateCommand(program: Command, cli: CliContext): void {
  program
    .command('rerate')
    .description(
      're-rate the stored outgoing calls started in [--from, --to) with the plans on disk, after a plan change',
    )
    .requiredOption(
      '--from <time>',
      'first start time included, ISO 8601 (a date is midnight; no offset = general.timeZone)',
    )
    .requiredOption('--to <time>', 'first start time excluded, same forms')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { from: string; to: string; json?: boolean }) => {
      const config = cli.config();
      const from = parseDateTimeIn(opts.from, config.general.timeZone);
      const to = parseDateTimeIn(opts.to, config.general.timeZone);
      if (from === undefined || to === undefined)
        throw new BadInputError(
          '--from and --to must be ISO dates or date-times, e.g. 2025-03-01 or 2025-03-01T00:00:00Z',
        );
      if (to <= from) throw new BadInputError('--to must be after --from');
      const loaded = await loadTariffBook(config.tariffs);
      if (!loaded.ok) {
        for (const problem of loaded.problems) cli.out(formatPlanProblem(problem));
        throw new BadInputError(`not re-rating: the plans in ${loaded.dir} are refused (problems above)`);
      }
      const range = { from: from.toISOString(), to: to.toISOString() };
      let summary: RerateSummary;
      let where: string;
      try {
        const response = await fetch(`${daemonBaseUrl(config)}/tariffs/rerate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(range),
          signal: AbortSignal.timeout(6 * 3_600_000),
        });
        const body = (await response.json()) as {
          ok?: boolean;
          summary?: RerateSummary;
          problems?: PlanProblem[];
          error?: { message: string };
        };
        if (body.ok !== true || body.summary === undefined) {
          for (const problem of body.problems ?? []) cli.out(formatPlanProblem(problem));
          throw new BadInputError(
            `the daemon refused to re-rate (HTTP ${response.status}${body.error ? `: ${body.error.message}` : ''})`,
          );
        }
        summary = body.summary;
        where = 'by the running daemon';
      } catch (err) {
        if (err instanceof BadInputError || !(err instanceof TypeError)) throw err;
        cli.err(
          `tollgate: no daemon answers (${unreachableReason(err)}): re-rating here; the daemon's ` +
            `budgets catch up when it starts.`,
        );
        summary = await cli.withTollgate((t) => t.rerater.rerate(loaded.book, { from, to }));
        where = 'by this command';
      }
      const detail = {
        ...range,
        examined: summary.examined,
        changed: summary.changed,
        byDaemon: where !== 'by this command',
      };
      await cli.withTollgate((t) => auditCli(t, 'calls.rerate', `${range.from} .. ${range.to}`, detail));
      if (opts.json) cli.out(printableJson(summary));
      else cli.out(describe(summary, where).join('\n'));
    });
}

function describe(s: RerateSummary, where: string): string[] {
  const currencies = [...new Set([...Object.keys(s.before), ...Object.keys(s.after)])].sort();
  return [
    `re-rated ${where}: calls started from ${s.from} to ${s.to}`,
    `examined ${s.examined} outgoing/transit call(s), ${s.changed} changed; unrated ` +
      `${s.unratedBefore} → ${s.unratedAfter}`,
    ...currencies.map(
      (c) => `total ${c}: ${minorToDecimal(s.before[c] ?? 0, c)} → ${minorToDecimal(s.after[c] ?? 0, c)}`,
    ),
  ];
}
