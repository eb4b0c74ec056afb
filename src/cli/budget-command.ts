import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { minorToDecimal } from '../../tariffs/index.js';
import {
  describeThresholds,
  parseMoney,
  parseThresholdSpec,
  type Actor,
  type Budget,
  type BudgetChanges,
  type BudgetHistoryEntry,
  type BudgetStatus,
} from '../budgets/index.js';
import { BadInputError } from '../errors/index.js';
import { auditCli } from './cli-audit.js';
import type { CliContext } from './cli-context.js';
import { printableJson } from '../logging/index.js';

function actor(): Actor {
  try {
    return { actor: userInfo().username, via: 'cli' };
  } catch {
    return { actor: 'unknown', via: 'cli' };
  }
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const onOff = (name: string, value: string | undefined): boolean | undefined => {
  if (value === undefined) return undefined;
  if (/^(on|yes|true)$/i.test(value)) return true;
  if (/^(off|no|false)$/i.test(value)) return false;
  throw new BadInputError(`${name} must be on or off (got "${value}")`);
};
const instant = (name: string, value: string | undefined): Date | undefined => {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime()))
    throw new BadInputError(`${name}: "${value}" is not a date or time (e.g. 2026-03-01 or 2026-03-01T08:00:00Z)`);
  return d;
};

interface AddOptions {
  user?: string;
  department?: string;
  costCentre?: string;
  perMember?: boolean;
  period: string;
  amount: string;
  currency: string;
  rollover?: boolean;
  rolloverCap?: string;
  notifyOnly?: boolean;
  threshold?: string[];
  exclude?: string[];
  json?: boolean;
}

interface AdjustOptions {
  name?: string;
  amount?: string;
  credit?: string;
  member?: string;
  rollover?: string;
  rolloverCap?: string;
  denyWhenSpent?: string;
  threshold?: string[];
  exclude?: string[];
  include?: string[];
  reason?: string;
  json?: boolean;
}

/**
 * `tollgate budget …`: manage budgets through the budget service (the running daemon picks changes up within
 * seconds).
 */
export function registerBudgetCommand(program: Command, cli: CliContext): void {
  const budget = program
    .command('budget')
    .description('spending budgets per user, department or cost centre (Budget Control)');

  budget
    .command('add')
    .description('create a budget; without --threshold: e-mail the user at 80%, the user and manager at 100%')
    .argument('<name>', 'a unique name')
    .option('--user <username>', 'for one user')
    .option('--department <name>', 'for a department (one shared pool unless --per-member)')
    .option('--cost-centre <code>', 'for a cost centre (one shared pool unless --per-member)')
    .option('--per-member', 'each member of the department or cost centre gets the amount')
    .requiredOption('--period <period>', 'day, week or month')
    .requiredOption('--amount <amount>', 'per period, e.g. 50 or 49.90')
    .option('--currency <code>', 'ISO 4217 currency of the amount', 'EUR')
    .option('--rollover', 'carry the unspent residual into the next period')
    .option('--rollover-cap <amount>', 'most that may be carried')
    .option('--notify-only', 'never refuse chargeable calls when spent (notices and locks by thresholds only)')
    .option(
      '--threshold <spec>',
      'PERCENT:ACTION,… with actions user, manager, admins, lock or an e-mail address; repeatable',
      collect,
    )
    .option('--exclude <username>', 'leave a member out of a group budget; repeatable', collect)
    .option('--json', 'print the budget as JSON')
    .action(async (name: string, o: AddOptions) => {
      const targets = [o.user && 'user', o.department && 'department', o.costCentre && 'cost-centre'].filter(
        (t): t is 'user' | 'department' | 'cost-centre' => Boolean(t),
      );
      if (targets.length !== 1)
        throw new BadInputError('say who the budget is for: exactly one of --user, --department or --cost-centre');
      const scope = targets[0] as 'user' | 'department' | 'cost-centre';
      if (scope === 'user' && o.perMember) throw new BadInputError('--per-member is for --department or --cost-centre');
      const currency = o.currency.toUpperCase();
      const created = await cli.withTollgate(async (t) => {
        const added = await t.budgets.service.add(
          {
            name,
            scope,
            target: (o.user ?? o.department ?? o.costCentre) as string,
            sharing: scope === 'user' ? 'single' : o.perMember ? 'per-member' : 'pool',
            period: o.period,
            amountMinor: parseMoney(o.amount, currency),
            currency,
            rollover: o.rollover ?? false,
            rolloverCapMinor: o.rolloverCap === undefined ? null : parseMoney(o.rolloverCap, currency),
            denyWhenSpent: !o.notifyOnly,
            ...(o.threshold ? { thresholds: o.threshold.map(parseThresholdSpec) } : {}),
            exclude: o.exclude ?? [],
          },
          actor(),
        );
        await auditCli(t, 'budget.create', added.name, {
          id: added.id,
          scope: added.scope,
          amountMinor: added.amountMinor,
          currency: added.currency,
        });
        return added;
      });
      cli.out(
        o.json ? printableJson(created) : `created budget #${created.id} "${created.name}": ${describeBudget(created)}`,
      );
    });

  budget
    .command('list')
    .description('list the budgets')
    .option('--json', 'print as JSON')
    .action(async (o: { json?: boolean }) => {
      const list = await cli.withTollgate((t) => t.budgets.readModel.list());
      if (o.json) return cli.out(printableJson(list));
      if (list.length === 0) return cli.out('no budgets');
      for (const b of list)
        cli.out(
          `#${b.id}\t${b.name}\t${b.scope}${b.sharing === 'single' ? '' : ` (${b.sharing})`}\t${describeBudget(b)}`,
        );
    });

  budget
    .command('show')
    .description("a budget's current period: allowance, spend, remaining, thresholds fired, lines locked")
    .argument('<budget>', 'name or #id')
    .option('--at <time>', 'the period containing this time instead of now')
    .option('--json', 'print as JSON')
    .action(async (ref: string, o: { at?: string; json?: boolean }) => {
      const status = await cli.withTollgate((t) =>
        t.budgets.readModel.status(ref.replace(/^#/, ''), instant('--at', o.at)),
      );
      cli.out(o.json ? printableJson(status) : formatStatus(status));
    });

  budget
    .command('remove')
    .description('remove a budget: its locks are lifted; its history stays')
    .argument('<budget>', 'name or #id')
    .option('--reason <text>', 'recorded in the history')
    .action(async (ref: string, o: { reason?: string }) => {
      await cli.withTollgate(async (t) => {
        await t.budgets.service.remove(ref.replace(/^#/, ''), actor(), o.reason);
        await auditCli(t, 'budget.remove', ref, o.reason ? { reason: o.reason } : {});
      });
      cli.out(`removed budget ${ref}`);
    });

  budget
    .command('adjust')
    .description('change a budget, or credit/debit its current period')
    .argument('<budget>', 'name or #id')
    .option('--name <name>', 'rename')
    .option('--amount <amount>', 'new amount per period, applied to the current period at once')
    .option('--credit <amount>', 'add to the current period only (negative to debit)')
    .option('--member <username>', 'the member a credit is for (per-member budgets)')
    .option('--rollover <on|off>', 'carry the residual into the next period')
    .option('--rollover-cap <amount|none>', 'most that may be carried')
    .option('--deny-when-spent <on|off>', 'refuse chargeable calls when spent')
    .option('--threshold <spec>', 'replaces all thresholds (PERCENT:ACTION,…); repeatable', collect)
    .option('--exclude <username>', 'leave a member out; repeatable', collect)
    .option('--include <username>', 'take an excluded member back in; repeatable', collect)
    .option('--reason <text>', 'recorded in the history')
    .option('--json', 'print the budget as JSON')
    .action(async (ref: string, o: AdjustOptions) => {
      const id = ref.replace(/^#/, '');
      const result = await cli.withTollgate(async (t) => {
        let b = await t.budgets.service.get(id);
        const money = (v: string) => parseMoney(v, b.currency);
        const changes: BudgetChanges = {
          ...(o.name !== undefined ? { name: o.name } : {}),
          ...(o.amount !== undefined ? { amountMinor: money(o.amount) } : {}),
          ...(o.rollover !== undefined ? { rollover: onOff('--rollover', o.rollover) } : {}),
          ...(o.rolloverCap !== undefined
            ? { rolloverCapMinor: o.rolloverCap === 'none' ? null : money(o.rolloverCap) }
            : {}),
          ...(o.denyWhenSpent !== undefined ? { denyWhenSpent: onOff('--deny-when-spent', o.denyWhenSpent) } : {}),
          ...(o.threshold ? { thresholds: o.threshold.map(parseThresholdSpec) } : {}),
          ...(o.exclude ? { exclude: o.exclude } : {}),
          ...(o.include ? { include: o.include } : {}),
        };
        if (Object.keys(changes).length === 0 && o.credit === undefined)
          throw new BadInputError(
            'nothing to change: give --amount, --credit, --threshold, --rollover, … (see --help)',
          );
        const why = o.reason ? { reason: o.reason } : {};
        if (Object.keys(changes).length > 0) {
          b = await t.budgets.service.adjust(b.id, changes, actor(), o.reason);
          await auditCli(t, 'budget.update', b.name, { id: b.id, changes, ...why });
        }
        if (o.credit !== undefined) {
          const amountMinor = money(o.credit);
          await t.budgets.service.credit(
            b.id,
            { amountMinor, ...(o.member ? { member: o.member } : {}), ...why },
            actor(),
          );
          await auditCli(t, 'budget.credit', b.name, {
            id: b.id,
            amountMinor,
            currency: b.currency,
            ...(o.member ? { member: o.member } : {}),
            ...why,
          });
        }
        return b;
      });
      cli.out(
        o.json
          ? printableJson(result)
          : `budget #${result.id} "${result.name}": ` +
              `${describeBudget(result)}` +
              `${o.credit ? `; ${o.credit} ${result.currency} credited to the current period` : ''}`,
      );
    });

  budget
    .command('history')
    .description(
      'what happened to a budget: thresholds, e-mails, locks, renewals, rollovers, adjustments (newest first)',
    )
    .argument('<budget>', 'name or #id (removed budgets too)')
    .option('--from <time>', 'from this date or time')
    .option('--to <time>', 'before this date or time')
    .option('--member <username>', 'only events of this member (per-member budgets)')
    .option('--limit <n>', 'at most this many events', '100')
    .option('--json', 'print as JSON')
    .action(async (ref: string, o: { from?: string; to?: string; member?: string; limit: string; json?: boolean }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new BadInputError('--limit must be a positive whole number');
      const { entries, budget: b } = await cli.withTollgate(async (t) => {
        const found = await t.budgets.readModel.find(ref.replace(/^#/, ''));
        const member = o.member ? await t.directory.userByUsername(o.member) : undefined;
        if (o.member && !member) throw new BadInputError(`--member: no user "${o.member}"`);
        const list = await t.budgets.readModel.history(found.id, {
          limit,
          ...(o.from ? { from: instant('--from', o.from) } : {}),
          ...(o.to ? { to: instant('--to', o.to) } : {}),
          ...(member ? { subject: member.id } : {}),
        });
        return { entries: list, budget: found };
      });
      if (o.json) return cli.out(printableJson(entries));
      if (entries.length === 0) return cli.out('no events');
      for (const e of entries) cli.out(formatEvent(e, b));
    });
}

function describeBudget(b: Budget): string {
  const money = (v: number) => `${minorToDecimal(v, b.currency)} ${b.currency}`;
  const parts = [`${money(b.amountMinor)} per ${b.period}`];
  if (b.rollover) parts.push(`rollover${b.rolloverCapMinor === null ? '' : ` up to ${money(b.rolloverCapMinor)}`}`);
  parts.push(b.denyWhenSpent ? 'refuses chargeable calls when spent' : 'notices only');
  parts.push(`thresholds ${describeThresholds(b.thresholds)}`);
  if (b.excludedUserIds.length) parts.push(`${b.excludedUserIds.length} member(s) excluded`);
  if (b.removedAt) parts.push(`REMOVED ${b.removedAt.toISOString()}`);
  return parts.join(', ');
}

function formatStatus(s: BudgetStatus): string {
  const b = s.budget;
  const money = (v: number) => minorToDecimal(v, b.currency);
  const lines = [
    `budget #${b.id} "${b.name}" for ${s.targetName} ` +
      `(${b.scope}${b.sharing === 'single' ? '' : `, ${b.sharing}`}): ${describeBudget(b)}`,
    `period ${s.period.key}: ${s.period.start.toISOString()} → ${s.period.end.toISOString()}; ` +
      `${s.memberIds.length} member(s), ${s.lineIds.length} line(s)`,
  ];
  const rows = [['who', 'allowance', 'carried', 'credit', 'spent', 'remaining', 'used', 'state']];
  for (const x of s.subjects) {
    const state = [
      x.exhausted ? 'SPENT' : 'available',
      x.firedPercents.length ? `fired ${x.firedPercents.map((p) => `${p}%`).join(' ')}` : '',
      x.lockedLineIds.length ? `${x.lockedLineIds.length} line(s) locked` : '',
    ]
      .filter(Boolean)
      .join(', ');
    rows.push([
      x.name,
      money(x.allowanceMinor),
      money(x.carriedInMinor),
      money(x.creditMinor),
      money(x.spentMinor),
      money(x.remainingMinor),
      `${x.percentUsed}%`,
      state,
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const r of rows)
    lines.push(
      `  ${r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()}`,
    );
  return lines.join('\n');
}

function formatEvent(e: BudgetHistoryEntry, b: Budget): string {
  const who = e.subjectUserId ? ` [user #${e.subjectUserId}]` : '';
  const amount = e.amountMinor === null ? '' : ` (${minorToDecimal(e.amountMinor, b.currency)} ${b.currency})`;
  return (
    `${e.at.toISOString()}  ${e.kind.padEnd(12)} ${e.periodKey ?? '-'}${who}  ${e.actor}: ` +
    `${e.detail}${e.kind === 'threshold' || e.kind === 'renewal' ? '' : amount}`
  );
}
