import { Option, type Command } from 'commander';
import { BadInputError } from '../errors/index.js';
import { cliViewer, parseComparisonText, parseConditionText } from '../reports/index.js';
import { recurrenceUnits, type Recurrence, type RecurrenceUnit } from '../scheduler/index.js';
import { attachmentFormats, type ScheduledReport, type ScheduledReportInput } from '../scheduled-reports/index.js';
import { cliAuditActor } from './cli-audit.js';
import type { CliContext } from './cli-context.js';

interface ScheduleFlags {
  report?: string;
  description?: string;
  start?: string;
  every?: string;
  tz?: string;
  to?: string[];
  subject?: string;
  body?: string;
  format?: string;
  title?: string;
  sendEmpty?: boolean;
  skipEmpty?: boolean;
  paused?: boolean;
  owner?: string;
  period?: string;
  department?: string[];
  user?: string[];
  extension?: string[];
  costCentre?: string[];
  where?: string[];
  cost?: string[];
  duration?: string[];
  json?: boolean;
}

/** "1 day", "2 weeks", "15 minutes", "3h" … as an interval. */
export function parseEvery(text: string): Pick<Recurrence, 'every' | 'unit'> {
  const m = /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(text);
  const unit = m
    ? recurrenceUnits.find(
        (u) => u.startsWith(m[2]!.toLowerCase().replace(/s$/, '')) || (m[2] === 'h' && u === 'hours'),
      )
    : undefined;
  if (!m || !unit)
    throw new BadInputError(`--every takes a count and a unit (${recurrenceUnits.join(', ')}), e.g. "1 day"`);
  return { every: Number(m[1]), unit: unit as RecurrenceUnit };
}

/** The report filters given on the command line (only those given). */
function filtersOf(f: ScheduleFlags): Record<string, unknown> {
  const given: Record<string, unknown> = {
    period: f.period ? { preset: f.period } : undefined,
    departments: f.department,
    users: f.user,
    extensions: f.extension,
    costCentres: f.costCentre,
    conditions: f.where?.map(parseConditionText),
    cost: f.cost?.map(parseComparisonText),
    duration: f.duration?.map(parseComparisonText),
  };
  return Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
}

function inputOf(f: ScheduleFlags, defaultZone: string, current?: ScheduledReport): Partial<ScheduledReportInput> {
  const input: Partial<ScheduledReportInput> = {};
  if (f.report !== undefined) input.report = f.report;
  if (f.description !== undefined) input.description = f.description;
  if (f.to !== undefined)
    input.recipients = f.to
      .flatMap((t) => t.split(','))
      .map((t) => t.trim())
      .filter(Boolean);
  if (f.subject !== undefined) input.subject = f.subject;
  if (f.body !== undefined) input.body = f.body;
  if (f.format !== undefined) input.format = f.format as never;
  if (f.title !== undefined) input.title = f.title;
  if (f.sendEmpty) input.skipEmpty = false;
  if (f.skipEmpty) input.skipEmpty = true;
  if (f.paused) input.paused = true;
  const filters = filtersOf(f);
  if (Object.keys(filters).length > 0) input.filters = { ...(current?.filters ?? {}), ...filters };
  if (f.start !== undefined || f.every !== undefined || f.tz !== undefined) {
    const base = current?.recurrence ?? { startLocal: '', timeZone: defaultZone, every: 1, unit: 'days' as const };
    input.recurrence = {
      ...base,
      ...(f.every ? parseEvery(f.every) : {}),
      startLocal: f.start?.replace(' ', 'T') ?? base.startLocal,
      timeZone: f.tz ?? base.timeZone,
    };
  }
  return input;
}

function line(r: ScheduledReport): string {
  const every =
    `every ${r.recurrence.every} ${r.recurrence.unit} from ${r.recurrence.startLocal} ` + `${r.recurrence.timeZone}`;
  const next = r.nextRunAt ? r.nextRunAt.toISOString() : 'paused';
  const last = r.lastRunAt ? `${r.lastRunAt.toISOString()} ${r.lastResult}` : 'never run';
  return [
    r.id,
    r.paused ? 'paused' : 'active',
    r.owner,
    r.description,
    r.report,
    r.format,
    every,
    `next ${next}`,
    `last ${last}`,
  ].join('\t');
}

/**
 * `tollgate schedule report add|list|show|edit|pause|resume|delete|run-now`: the same service as the web's
 * Scheduled Reports page.
 */
export function registerScheduleCommand(program: Command, cli: CliContext): void {
  const schedule = program.command('schedule').description('schedules: reports mailed on a recurrence');
  const report = schedule.command('report').description('scheduled reports (user guide §2.3 "Schedule")');
  const withOptions = (c: Command) =>
    c
      .option('--report <name>', 'a built-in or saved report (tollgate report list)')
      .option('--description <text>', 'what the schedule is for (shown in lists)')
      .option('--start <when>', 'first run, local "YYYY-MM-DD HH:mm" in --tz')
      .option('--every <interval>', 'e.g. "1 day", "2 weeks", "1 month", "30 minutes"')
      .option('--tz <zone>', 'IANA time zone of --start (default general.timeZone)')
      .option('--to <address...>', 'recipients (e-mail addresses)')
      .option('--subject <text>', 'subject; placeholders [[REPORT]] [[PERIOD]] [[ROWS]] [[FILTER]] [[DESCRIPTION]]')
      .option('--body <text>', "body; same placeholders; empty: the default text in each recipient's language")
      .addOption(new Option('--format <format>', 'attachment').choices([...attachmentFormats]))
      .option('--title <text>', 'report title')
      .option('--send-empty', 'send even when the report is empty')
      .option('--skip-empty', 'do not send when the report is empty (the default)')
      .option('--paused', 'create or leave it paused')
      .option('--period <preset>', 'filter: period preset (yesterday, last-week, last-month…)')
      .option('--department <name...>', 'filter: departments')
      .option('--user <username...>', 'filter: users')
      .option('--extension <ext...>', 'filter: extensions')
      .option('--cost-centre <code...>', 'filter: cost centres')
      .option('--cost <cmp...>', 'filter: cost in minor units, e.g. ">150"')
      .option('--duration <cmp...>', 'filter: connected seconds, e.g. ">=20"')
      .option('--where <condition...>', 'filter: extra conditions, e.g. "number startsWith 00"');
  const viewer = cliViewer();
  const by = cliAuditActor();

  withOptions(report.command('add').description('schedule a report'))
    .option('--owner <username>', 'whose scope the report runs in (default: the operator, who sees everything)')
    .action(async (f: ScheduleFlags) => {
      if (!f.report || !f.start || !f.every || !f.to)
        throw new BadInputError('add needs --report, --start, --every and --to');
      await cli.withTollgate(async (t) => {
        const input = inputOf(
          { ...f, description: f.description ?? f.report },
          t.config.general.timeZone,
        ) as ScheduledReportInput;
        cli.out(line(await t.scheduledReports.create(input, viewer, by, f.owner)));
      });
    });
  report
    .command('list')
    .description('list scheduled reports')
    .option('--json', 'as JSON')
    .action(async (f: ScheduleFlags) => {
      await cli.withTollgate(async (t) => {
        const all = await t.scheduledReports.list(viewer);
        if (f.json) cli.out(JSON.stringify(all, null, 2));
        else for (const r of all) cli.out(line(r));
      });
    });
  withOptions(report.command('edit').description('change a scheduled report').argument('<id>')).action(
    async (id: string, f: ScheduleFlags) => {
      await cli.withTollgate(async (t) => {
        const current = await t.scheduledReports.get(idOf(id), viewer);
        cli.out(
          line(await t.scheduledReports.update(current.id, inputOf(f, t.config.general.timeZone, current), viewer, by)),
        );
      });
    },
  );
  for (const [name, what] of [
    ['pause', 'stop running it until resumed'],
    ['resume', 'run it again from its next slot'],
    ['delete', 'delete it and its run history'],
    ['run-now', 'run it now and queue its e-mail (the daemon sends it)'],
  ] as const) {
    report
      .command(name)
      .description(what)
      .argument('<id>')
      .action(async (id: string) => {
        await cli.withTollgate(async (t) => {
          const s = t.scheduledReports;
          if (name === 'pause') cli.out(line(await s.pause(idOf(id), viewer, by)));
          if (name === 'resume') cli.out(line(await s.resume(idOf(id), viewer, by)));
          if (name === 'delete') {
            await s.remove(idOf(id), viewer, by);
            cli.out(`deleted scheduled report ${id}`);
          }
          if (name === 'run-now') {
            const outcome = await s.runNow(idOf(id), viewer, by);
            cli.out(`${outcome.result}: ${outcome.message ?? ''}`);
          }
        });
      });
  }
}

function idOf(text: string): number {
  if (!/^\d+$/.test(text)) throw new BadInputError(`a scheduled report id is a number (got "${text}")`);
  return Number(text);
}
