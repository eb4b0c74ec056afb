import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  alarmHistoryCsv,
  alarmKinds,
  recurrenceUnits,
  type Alarm,
  type AlarmDraftInput,
  type AlarmListing,
} from '../alarms/index.js';
import { BadInputError } from '../errors/index.js';
import { cliViewer } from '../reports/index.js';
import { cliAuditActor } from './cli-audit.js';
import type { CliContext } from './cli-context.js';

interface DraftOptions {
  kind?: string;
  description?: string;
  settings?: string;
  every?: string;
  unit?: string;
  start?: string;
  timeZone?: string;
  to?: string[];
  webhook?: string;
  webhookSecret?: string;
  active?: boolean;
  sendWhenEmpty?: boolean;
  json?: string;
}

/** "a@b.c", "a@b.c:it" or "a@b.c:it:admin" (masking follows the role). */
function recipient(text: string) {
  const [email, language, role] = text.split(':');
  return { email, ...(language ? { language } : {}), ...(role ? { role } : {}) };
}

function jsonArg(text: string, what: string): unknown {
  const source =
    text === '-' ? readFileSync(0, 'utf8') : text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  try {
    return JSON.parse(source) as unknown;
  } catch {
    throw new BadInputError(`${what} is not JSON (give JSON, @file or - for stdin)`);
  }
}

/** The draft the options describe, over `base` (an alarm being edited). */
function draftFrom(o: DraftOptions, base?: Alarm): AlarmDraftInput {
  const start = o.json ? (jsonArg(o.json, '--json') as Record<string, unknown>) : {};
  const from = base
    ? {
        kind: base.kind,
        description: base.description,
        active: base.active,
        settings: base.settings,
        recurrence: base.recurrence,
        recipients: base.recipients,
        sendWhenEmpty: base.sendWhenEmpty,
        ...(base.webhook ? { webhook: base.webhook } : {}),
      }
    : {};
  const draft: Record<string, unknown> = { ...from, ...start };
  if (o.kind) draft.kind = o.kind;
  if (o.description !== undefined) draft.description = o.description;
  if (o.settings) draft.settings = jsonArg(o.settings, '--settings');
  const recurrence = { ...(draft.recurrence as object | undefined) } as Record<string, unknown>;
  if (o.every) recurrence.every = Number(o.every);
  if (o.unit) recurrence.unit = o.unit;
  if (o.start) recurrence.startLocal = o.start;
  if (o.timeZone) recurrence.timeZone = o.timeZone;
  draft.recurrence = recurrence;
  if (o.to) draft.recipients = o.to.map(recipient);
  if (o.webhook !== undefined)
    draft.webhook = o.webhook === '' ? undefined : { url: o.webhook, secret: o.webhookSecret ?? '' };
  if (o.active !== undefined) draft.active = o.active;
  if (o.sendWhenEmpty !== undefined) draft.sendWhenEmpty = o.sendWhenEmpty;
  return draft as AlarmDraftInput;
}

function line(a: AlarmListing): string {
  const every = `every ${a.recurrence.every} ${a.recurrence.unit}`;
  const last = a.lastRunAt ? `${a.lastRunAt.toISOString()} ${a.lastMessage}` : 'never run';
  const next = a.nextRunAt ? a.nextRunAt.toISOString() : '-';
  return [
    String(a.id),
    a.active ? 'active' : 'paused',
    a.owner,
    a.kind,
    a.description || '-',
    every,
    `to ${a.recipients.map((r) => r.email).join(', ') || '-'}`,
    `last: ${last}`,
    `next: ${next}`,
  ].join('  ');
}

function draftOptions(c: Command): Command {
  return c
    .option('--kind <kind>', `alarm kind: ${alarmKinds.join(', ')}`)
    .option('--description <text>', 'what the alarm is about (shown in the list and the e-mail subject)')
    .option('--settings <json>', 'the kind\'s settings as JSON (e.g. {"numbers":["0899*"]}), @file or -')
    .option('--every <n>', 'run every N units')
    .option('--unit <unit>', `recurrence unit: ${recurrenceUnits.join(', ')}`)
    .option('--start <local>', 'first run, local YYYY-MM-DDTHH:mm')
    .option('--time-zone <zone>', 'IANA time zone of the recurrence and the e-mail')
    .option('--to <recipient...>', 'recipients: email[:language[:role]] (role decides number masking)')
    .option('--webhook <url>', 'POST the finding as signed JSON here ("" removes it)')
    .option('--webhook-secret <secret>', 'shared secret of the webhook signature (16 characters or more)')
    .option('--active', 'active (default)')
    .option('--no-active', 'paused')
    .option('--send-when-empty', 'send an e-mail even when there is nothing to report')
    .option('--json <json>', 'the whole alarm as JSON, @file or - (options given override it)');
}

/** `tollgate alarm add|list|edit|pause|resume|delete|run-now|history`: alarms, as an administrator. */
export function registerAlarmCommand(program: Command, cli: CliContext): void {
  const alarm = program
    .command('alarm')
    .description(
      'alarms: calls outside hours, to listed numbers, spending, missed calls, toll fraud… (user guide §2.4)',
    );
  const viewer = cliViewer();
  const by = cliAuditActor();
  const id = (text: string) => {
    if (!/^\d+$/.test(text)) throw new BadInputError(`"${text}" is not an alarm id`);
    return Number(text);
  };

  draftOptions(alarm.command('add').description('create an alarm')).action(async (o: DraftOptions) => {
    await cli.withTollgate(async (t) => {
      const created = await t.alarms.service.create(draftFrom(o), viewer, by);
      cli.out(`alarm ${created.id} created (${created.kind})`);
    });
  });

  alarm
    .command('list')
    .description(
      'list alarms: active, owner, kind, description, recurrence, recipients, last run and message, next run',
    )
    .option('--json', 'as JSON')
    .action(async (o: { json?: boolean }) => {
      await cli.withTollgate(async (t) => {
        const alarms = await t.alarms.service.list(viewer);
        if (o.json)
          cli.out(
            JSON.stringify(
              alarms.map((a) => ({ ...a, webhook: a.webhook ? { url: a.webhook.url } : null })),
              null,
              2,
            ),
          );
        else for (const a of alarms) cli.out(line(a));
      });
    });

  draftOptions(alarm.command('edit <id>').description('change an alarm (options given replace those values)')).action(
    async (text: string, o: DraftOptions) => {
      await cli.withTollgate(async (t) => {
        const current = await t.alarms.service.get(id(text), viewer);
        const updated = await t.alarms.service.update(current.id, draftFrom(o, current), viewer, by);
        cli.out(`alarm ${updated.id} changed`);
      });
    },
  );

  for (const [name, active] of [
    ['pause', false],
    ['resume', true],
  ] as const) {
    alarm
      .command(`${name} <id>`)
      .description(active ? 'resume a paused alarm' : 'pause an alarm (it keeps its settings and history)')
      .action(async (text: string) => {
        await cli.withTollgate(async (t) => {
          await t.alarms.service.setActive(id(text), active, viewer, by);
          cli.out(`alarm ${text} ${active ? 'resumed' : 'paused'}`);
        });
      });
  }

  alarm
    .command('delete <id>')
    .description('delete an alarm (its history stays)')
    .action(async (text: string) => {
      await cli.withTollgate(async (t) => {
        await t.alarms.service.remove(id(text), viewer, by);
        cli.out(`alarm ${text} deleted`);
      });
    });

  alarm
    .command('run-now <id>')
    .description('run an alarm now over its last interval; e-mails go out through the outbox')
    .action(async (text: string) => {
      await cli.withTollgate(async (t) => {
        const outcome = await t.alarms.service.runNow(id(text), viewer, by);
        cli.out(`alarm ${text}: ${outcome.result} (${outcome.message})`);
      });
    });

  alarm
    .command('history')
    .description('the runs of alarms, newest first')
    .option('--alarm <id>', 'only this alarm')
    .option('--limit <n>', 'at most this many runs', '500')
    .option('--format <format>', 'table, csv or json', 'table')
    .action(async (o: { alarm?: string; limit: string; format: string }) => {
      if (!['table', 'csv', 'json'].includes(o.format)) throw new BadInputError('--format must be table, csv or json');
      await cli.withTollgate(async (t) => {
        const runs = await t.alarms.service.history(viewer, {
          ...(o.alarm ? { alarmId: id(o.alarm) } : {}),
          limit: Number(o.limit),
        });
        if (o.format === 'csv') process.stdout.write(alarmHistoryCsv(runs));
        else if (o.format === 'json') cli.out(JSON.stringify(runs, null, 2));
        else
          for (const r of runs)
            cli.out(
              [
                r.ranAt.toISOString(),
                `alarm ${r.alarmId}`,
                r.kind,
                r.trigger,
                r.outcome,
                r.message,
                `mails ${r.mails}`,
                r.webhook,
              ]
                .filter(Boolean)
                .join('  '),
            );
      });
    });
}
