import type { Command } from 'commander';
import { formatPlanProblem, type PlanProblem } from '../../tariffs/index.js';
import { loadTariffBook, type LoadTariffBookResult } from '../tariff-plans/index.js';
import { auditCli } from './cli-audit.js';
import type { CliContext } from './cli-context.js';
import { daemonBaseUrl, unreachableReason } from './daemon-base-url.js';
import { printableJson } from '../logging/index.js';

/** `tollgate tariffs check|reload`: validate the plans folder; make the running daemon load it. */
export function registerTariffsCommand(program: Command, cli: CliContext): void {
  const tariffs = program.command('tariffs').description('tariff plans (docs/manual/tariffs.md)');
  tariffs
    .command('check')
    .description(
      'validate every plan in the plans folder and list them; exit 1 with each problem (file:line: reason) if any',
    )
    .option('--dir <folder>', 'check this folder instead of the configured one')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { dir?: string; json?: boolean }) => {
      const config = cli.config();
      const loaded =
        opts.dir === undefined ? await loadTariffBook(config.tariffs) : await loadTariffBook(config.tariffs, opts.dir);
      if (opts.json) cli.out(printableJson(checkSummary(loaded)));
      else cli.out(describeCheck(loaded).join('\n'));
      if (!loaded.ok) process.exitCode = 1;
    });
  tariffs
    .command('reload')
    .description(
      'check the plans folder, then make the running daemon load it (it keeps its plans if they are refused)',
    )
    .option('--json', "print the daemon's answer as JSON")
    .action(async (opts: { json?: boolean }) => {
      const config = cli.config();
      const loaded = await loadTariffBook(config.tariffs);
      if (!loaded.ok) {
        cli.out(describeCheck(loaded).join('\n'));
        cli.err('tollgate: not reloading: the daemon would refuse these plans and keep the ones it has');
        process.exitCode = 1;
        return;
      }
      const url = `${daemonBaseUrl(config)}/tariffs/reload`;
      let response: Response;
      try {
        response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(30_000) });
      } catch (err) {
        cli.err(`tollgate: no daemon answers at ${url} (${unreachableReason(err)}).`);
        cli.err(
          'The plans are valid; a daemon loads them when it starts, and reloads by itself on file ' +
            'changes when tariffs.watch is on.',
        );
        process.exitCode = 1;
        return;
      }
      const body = (await response.json().catch(() => ({}))) as {
        ok?: boolean;
        plans?: number;
        problems?: PlanProblem[];
      };
      if (body.ok === true)
        await cli.withTollgate((t) =>
          auditCli(t, 'tariffs.reload', loaded.dir, { plans: body.plans, files: loaded.files }),
        );
      if (opts.json) cli.out(printableJson(body));
      else if (body.ok === true)
        cli.out(`reloaded: the daemon now rates with ${body.plans} plan(s) from ${loaded.dir}`);
      else {
        for (const problem of body.problems ?? []) cli.out(formatPlanProblem(problem));
        cli.err(`tollgate: the daemon refused the reload (HTTP ${response.status}); it keeps the plans it had`);
      }
      if (body.ok !== true) process.exitCode = 1;
    });
}

function checkSummary(loaded: LoadTariffBookResult) {
  if (!loaded.ok) return { ok: false, dir: loaded.dir, files: loaded.files, problems: loaded.problems };
  return {
    ok: true,
    dir: loaded.dir,
    files: loaded.files,
    plans: loaded.book.plans.map((p) => ({
      id: p.id,
      name: p.name,
      carrier: p.carrier,
      currency: p.currency,
      timeZone: p.timeZone,
      effectiveFrom: p.effectiveFrom.toISOString(),
      effectiveTo: p.effectiveTo?.toISOString() ?? null,
      bands: p.bands.map((b) => b.name),
      rows: p.rows.length,
      file: p.fileName,
    })),
  };
}

function describeCheck(loaded: LoadTariffBookResult): string[] {
  if (!loaded.ok) {
    return [
      ...loaded.problems.map(formatPlanProblem),
      `${loaded.problems.length} problem(s) in ${loaded.dir}: the plans are refused`,
    ];
  }
  const lines = loaded.book.plans.map((p) => {
    const until = p.effectiveTo ? ` until ${p.effectiveTo.toISOString()}` : '';
    return (
      `${p.fileName}: ${p.id} — carrier ${p.carrier}, ${p.currency}, ${p.timeZone}, from ` +
      `${p.effectiveFrom.toISOString()}${until}, ${p.rows.length} rows, bands ${p.bands.map((b) => b.name).join('/')}`
    );
  });
  if (!loaded.book.byCarrier.has('default'))
    lines.push('note: no plan for carrier "default": calls through gateways without a carrier plan stay unrated');
  lines.push(`${loaded.book.plans.length} plan(s) in ${loaded.dir}: OK`);
  return lines;
}
