import type { Command } from 'commander';
import { explainRating, formatPlanProblem, parseDateTimeIn, rateCall, ratingFacts } from '../../tariffs/index.js';
import { systemClock } from '../clock.js';
import { BadInputError } from '../errors/index.js';
import { loadTariffBook } from '../tariff-plans/index.js';
import type { CliContext } from './cli-context.js';
import { printableJson } from '../logging/index.js';

interface RateOptions {
  duration: string;
  at?: string;
  gateway?: string;
  site?: string;
  carrier?: string;
  outpulsed?: boolean;
  json?: boolean;
}

/** `tollgate rate NUMBER --duration S --at ISO`: rates one hypothetical call with the plans on disk and shows how. */
export function registerRateCommand(program: Command, cli: CliContext): void {
  program
    .command('rate')
    .description('rate one hypothetical call with the tariff plans on disk, and show how the cost was built')
    .argument('<number>', 'the number as dialled, access code first (e.g. 00212345678, +442071234567); see --outpulsed')
    .requiredOption('--duration <seconds>', 'connected seconds')
    .option(
      '--at <time>',
      "start, ISO 8601 (e.g. 2025-03-03T10:00); without offset it is the site's local time (default: now)",
    )
    .option('--gateway <device>', 'the CUCM gateway/trunk: its carrier and site come from the directory')
    .option('--site <name>', 'the site whose numbering plan applies (default: the gateway\'s, else "default")')
    .option('--carrier <name>', "the carrier whose plan applies (default: the gateway's, else the default plan)")
    .option('--outpulsed', 'NUMBER is as sent to the gateway (outpulsedCalledPartyNumber: no access code)')
    .option('--json', 'print the input, the rating and the explanation as JSON')
    .action(async (number: string, opts: RateOptions) => {
      const config = cli.config();
      const duration = Number(opts.duration);
      if (!/^[0-9]+$/.test(opts.duration.trim()) || !Number.isSafeInteger(duration))
        throw new BadInputError(`--duration must be whole seconds, not "${opts.duration}"`);
      const gateway = opts.gateway === undefined ? undefined : await findGateway(cli, opts.gateway);
      const siteName = opts.site ?? gateway?.site ?? 'default';
      const site = config.sites[siteName];
      if (site === undefined)
        throw new BadInputError(
          `no site "${siteName}" in the configuration (sites: ${Object.keys(config.sites).join(', ')})`,
        );
      const startedAt = opts.at === undefined ? systemClock.now() : parseDateTimeIn(opts.at, site.timeZone);
      if (startedAt === undefined)
        throw new BadInputError(
          `--at must be an ISO date-time such as 2025-03-03T10:00 or 2025-03-03T09:00:00Z, not "${opts.at}"`,
        );
      const carrier = opts.carrier ?? gateway?.carrier ?? null;
      const loaded = await loadTariffBook(config.tariffs);
      if (!loaded.ok) {
        for (const problem of loaded.problems) cli.err(formatPlanProblem(problem));
        throw new BadInputError(
          `the tariff plans in ${loaded.dir} are refused (problems above): fix them, or check with ` +
            `\`tollgate tariffs check\``,
        );
      }
      const numberForm = opts.outpulsed ? 'outpulsed' : 'dialled';
      const call = { dialledNumber: number, numberForm, startedAt, durationSeconds: duration, carrier, site } as const;
      const result = rateCall(call, loaded.book);
      const explanation = explainRating(number, result, loaded.book);
      if (opts.json) {
        const input = {
          number,
          numberForm,
          durationSeconds: duration,
          startedAt: startedAt.toISOString(),
          site: siteName,
          carrier,
          gateway: opts.gateway ?? null,
        };
        cli.out(printableJson({ input, result, facts: ratingFacts(result), explanation }));
      } else {
        cli.out(
          [
            `Site         ` +
              `${siteName}${gateway ? `, gateway ${gateway.deviceName}` : ''}${carrier ? `, carrier ${carrier}` : ''}`,
            ...explanation,
          ].join('\n'),
        );
      }
    });
}

async function findGateway(
  cli: CliContext,
  name: string,
): Promise<{ deviceName: string; carrier: string | null; site: string | null }> {
  const snapshot = await cli.withTollgate((t) => t.directory.snapshot());
  const gateway = snapshot.gateways.find((g) => g.deviceName.toLowerCase() === name.toLowerCase());
  if (gateway === undefined)
    throw new BadInputError(`no gateway or trunk "${name}" in the directory (tollgate directory import loads them)`);
  return gateway;
}
