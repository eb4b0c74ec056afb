import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { BadInputError } from '../errors/index.js';
import {
  buildReportTable,
  cliViewer,
  parseComparisonText,
  parseConditionText,
  parseReportOptions,
  reportFormats,
  writeReport,
  type ReportFormat,
  type ReportOptions,
  type ReportOptionsInput,
  type ReportViewer,
} from '../reports/index.js';
import type { CliContext } from './cli-context.js';

interface ReportFlags {
  from?: string;
  to?: string;
  period?: string;
  tz?: string;
  traffic?: string;
  direction?: string[];
  answered?: boolean;
  extension?: string[];
  user?: string[];
  department?: string[];
  costCentre?: string[];
  gateway?: string[];
  carrier?: string[];
  destinationType?: string[];
  nation?: string[];
  international?: boolean;
  number?: string;
  numberPrefix?: string;
  duration?: string[];
  cost?: string[];
  where?: string[];
  fields?: string;
  sort?: string;
  groupBy?: string;
  top?: string;
  rankBy?: string;
  interval?: string;
  maxRows?: string;
  title?: string;
  format: ReportFormat;
  output?: string;
  mask?: boolean;
  owner?: string;
  save?: string;
  public?: boolean;
  description?: string;
  category?: string;
  delete?: boolean;
}

const int = (flag: string, value: string | undefined) => {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new BadInputError(`${flag} takes a whole number (got "${value}")`);
  return Number(value);
};

/** The options given on the command line, only those given (they override a saved report's). */
function flagsToOptions(f: ReportFlags): ReportOptionsInput {
  const given: ReportOptionsInput = {
    title: f.title,
    timeZone: f.tz,
    period: f.period ? { preset: f.period as never } : f.from || f.to ? { from: f.from, to: f.to } : undefined,
    traffic: f.traffic as never,
    directions: f.direction as never,
    answered: f.answered,
    extensions: f.extension,
    users: f.user,
    departments: f.department,
    costCentres: f.costCentre,
    gateways: f.gateway,
    carriers: f.carrier,
    destinationTypes: f.destinationType,
    nations: f.nation,
    international: f.international,
    number: f.number
      ? { match: 'equals', value: f.number }
      : f.numberPrefix
        ? { match: 'startsWith', value: f.numberPrefix }
        : undefined,
    duration: f.duration?.map(parseComparisonText),
    cost: f.cost?.map(parseComparisonText),
    conditions: f.where?.map(parseConditionText),
    fields: f.fields?.split(',').map((s) => s.trim()) as never,
    sort: f.sort?.split(',').map((s) => {
      const [field, dir] = s.trim().split(':');
      return { field: field as never, descending: dir === 'desc' };
    }),
    groupBy: f.groupBy as never,
    top: int('--top', f.top),
    rankBy: f.rankBy as never,
    interval: f.interval as never,
    maxRows: int('--max-rows', f.maxRows),
  };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as ReportOptionsInput;
}

async function withOutput(
  path: string | undefined,
  format: ReportFormat,
  write: (out: Writable) => Promise<void>,
): Promise<void> {
  if (!path) {
    if ((format === 'xlsx' || format === 'pdf') && process.stdout.isTTY)
      throw new BadInputError(`${format} is binary: give --output FILE or redirect standard output`);
    await write(process.stdout);
    return;
  }
  const file = createWriteStream(path);
  await once(file, 'open');
  try {
    await write(file);
  } finally {
    file.end();
    await once(file, 'close');
  }
}

export function registerReportCommand(program: Command, cli: CliContext): void {
  program
    .command('report')
    .description(
      'run a report: calls (a call list), costs (grouped), trend, a saved or built-in report by NAME, or list them',
    )
    .argument('<what>', 'calls | costs | trend | list | NAME')
    .option('--from <when>', 'start: YYYY-MM-DD, "YYYY-MM-DD HH:mm" (report time zone) or an ISO instant')
    .option('--to <when>', 'end, exclusive; a date alone includes that day')
    .option(
      '--period <preset>',
      'today, yesterday, this-week, last-week, this-month, last-month, this-year, last-year, last-7-days, last-30-days',
    )
    .option(
      '--tz <zone>',
      'IANA time zone of the period and the output (default: reports.timeZone or general.timeZone)',
    )
    .option('--traffic <type>', 'all, external or internal')
    .option('--direction <dir...>', 'outgoing, incoming, transit, internal, unknown')
    .option('--answered', 'answered calls only')
    .option('--unanswered', 'unanswered calls only')
    .option('--extension <ext...>', 'extensions')
    .option('--user <username...>', 'users')
    .option('--department <name...>', 'departments')
    .option('--cost-centre <code...>', 'cost centres')
    .option('--gateway <device...>', 'gateways or trunks')
    .option('--carrier <name...>', 'carriers (operators)')
    .option('--destination-type <type...>', 'destination types (fixed-local, fixed-national, mobile, premium…)')
    .option('--nation <code...>', 'ISO country codes')
    .option('--international', "calls to another country than the line's site's only")
    .option('--national', "calls within the site's country only")
    .option('--number <number>', 'remote number equal to')
    .option('--number-prefix <prefix>', 'remote number starting with')
    .option('--duration <cmp...>', 'connected seconds, e.g. ">=20" "<600"')
    .option('--cost <cmp...>', 'cost in minor units, e.g. ">150"')
    .option('--where <condition...>', 'extra conditions, e.g. "number = 006599775544" "or duration >= 20"')
    .option('--fields <list>', 'call list fields, comma-separated (startedAt,extension,number,cost…)')
    .option('--sort <list>', 'sort keys, comma-separated, field[:desc]')
    .option(
      '--group-by <key>',
      'costs: area, department, extension, user, carrier, costCentre, gateway, nation, number, ' +
        'destinationType, direction, site',
    )
    .option('--top <n>', 'costs: only the N largest groups')
    .option('--rank-by <measure>', 'costs: cost, calls or duration')
    .option('--interval <unit>', 'trend: hour, day, week or month')
    .option('--max-rows <n>', 'most calls to return')
    .option('--title <text>', 'report title')
    .addOption(new Option('--format <format>', 'output format').choices([...reportFormats]).default('table'))
    .option('--output <file>', 'write to a file instead of standard output')
    .option('--mask', 'mask external numbers as for a supervisor')
    .option('--owner <username>', 'run or save the personal reports of this user')
    .option('--save <name>', 'save these options as a report named NAME instead of running them')
    .option('--public', 'with --save or --delete: the public report')
    .option('--description <text>', 'with --save: what the report answers')
    .option('--category <text>', 'with --save: its group in the report list')
    .option('--delete', 'delete the saved report NAME')
    .action(async (what: string, flags: ReportFlags & { unanswered?: boolean; national?: boolean }) => {
      if (flags.answered && flags.unanswered) throw new BadInputError('--answered and --unanswered exclude each other');
      if (flags.international && flags.national)
        throw new BadInputError('--international and --national exclude each other');
      const viewer: ReportViewer = flags.owner
        ? { name: flags.owner, role: 'admin', mask: flags.mask }
        : cliViewer(flags.mask);
      const given = flagsToOptions({
        ...flags,
        answered: flags.unanswered ? false : flags.answered,
        international: flags.national ? false : flags.international,
      });
      await cli.withTollgate(async (t) => {
        const { engine, saved } = t.reports;
        if (what === 'list') {
          for (const r of await saved.list(viewer))
            cli.out(`${r.name}\t${r.visibility}\t${r.category}\t${r.description}`);
          return;
        }
        if (flags.delete) {
          await saved.remove(what, viewer, { public: flags.public });
          cli.out(`deleted ${flags.public ? 'public' : 'personal'} report ${what}`);
          return;
        }
        const fromSaved = ['calls', 'costs', 'trend'].includes(what) ? null : await saved.find(what, viewer);
        const base: ReportOptionsInput = fromSaved
          ? fromSaved.options
          : what === 'calls'
            ? { kind: 'calls' }
            : what === 'costs'
              ? { kind: 'summary', groupBy: 'department' }
              : { kind: 'trend', interval: 'day' };
        const options: ReportOptions = parseReportOptions({ ...base, ...given });
        if (flags.save) {
          const report = await saved.save(
            {
              name: flags.save,
              options,
              public: flags.public,
              description: flags.description,
              category: flags.category,
            },
            viewer,
          );
          cli.out(`saved ${report.visibility} report ${report.name}`);
          return;
        }
        const table = await buildReportTable(
          engine,
          options,
          viewer,
          given.title ?? options.title ?? (fromSaved ? fromSaved.name : undefined),
        );
        // A table on a terminal fits its width; written to a file or a pipe, text columns keep up to 40 characters.
        const terminalWidth = !flags.output && process.stdout.isTTY ? process.stdout.columns : undefined;
        await withOutput(flags.output, flags.format, (out) =>
          writeReport(table, flags.format, out, { fontFile: t.config.reports.pdfFontFile || undefined, terminalWidth }),
        );
      });
    });
}
