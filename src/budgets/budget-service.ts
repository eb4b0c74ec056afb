import type { DataSource, EntityManager } from 'typeorm';
import type { ChangeFeedWriter } from '../change-feed/index.js';
import type { Clock } from '../clock.js';
import type { DirectoryReadModel } from '../directory/index.js';
import { BadInputError, ConflictError, NotFoundError } from '../errors/index.js';
import {
  budgetChangesSchema,
  budgetDraftSchema,
  parseOrThrow,
  type BudgetChanges,
  type BudgetDraft,
} from './budget-draft-schema.js';
import { appendEvents } from './budget-history-store.js';
import { periodContaining, type CalendarSettings } from './budget-period.js';
import { insertAdjustment } from './budget-period-store.js';
import { findBudgetByName, insertBudget, loadBudgets, markRemoved, updateBudget } from './budget-store.js';
import type { Actor, Budget, BudgetScope, Threshold } from './budget-types.js';
import { minorToDecimal } from '../../tariffs/index.js';

export interface BudgetServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  calendar: CalendarSettings;
  directory: Pick<
    DirectoryReadModel,
    'userById' | 'userByUsername' | 'departmentByName' | 'costCentreByCode' | 'snapshot'
  >;
  /** Told after each committed change (the running engine reloads at once). */
  onChanged?: () => Promise<void>;
  /** Where changes are announced to other processes (a running daemon's engine reloads). */
  changes?: ChangeFeedWriter;
}

/** A budget by id, or by name. */
export type BudgetRef = number | string;

/** Managing budgets: the CLI now, SOAP and the web later, all through here. */
export interface BudgetService {
  add(draft: BudgetDraft, actor: Actor): Promise<Budget>;
  get(ref: BudgetRef): Promise<Budget>;
  list(): Promise<Budget[]>;
  adjust(ref: BudgetRef, changes: BudgetChanges, actor: Actor, reason?: string): Promise<Budget>;
  /** A one-off credit (positive) or debit (negative) to the current period, of a member for a per-member budget. */
  credit(
    ref: BudgetRef,
    input: { amountMinor: number; member?: string | number; reason?: string },
    actor: Actor,
  ): Promise<Budget>;
  remove(ref: BudgetRef, actor: Actor, reason?: string): Promise<void>;
}

export function createBudgetService(deps: BudgetServiceDeps): BudgetService {
  const ds = deps.dataSource;
  const who = (actor: Actor) => `${actor.via}:${actor.actor}`;
  const money = (b: Pick<Budget, 'currency'>, v: number) => `${minorToDecimal(v, b.currency)} ${b.currency}`;

  async function get(ref: BudgetRef): Promise<Budget> {
    const found =
      typeof ref === 'number' || /^\d+$/.test(ref)
        ? (await loadBudgets(ds.manager, [Number(ref)]))[0]
        : await findBudgetByName(ds.manager, ref);
    if (!found) throw new NotFoundError(`no budget ${typeof ref === 'number' ? `#${ref}` : `"${ref}"`}`);
    return found;
  }

  async function userId(ref: string | number, what: string): Promise<number> {
    const user =
      typeof ref === 'number' ? await deps.directory.userById(ref) : await deps.directory.userByUsername(ref);
    if (!user)
      throw new BadInputError(`${what}: no user ${typeof ref === 'number' ? `#${ref}` : `"${ref}"`} in the directory`);
    return user.id;
  }

  async function targetId(scope: BudgetScope, ref: string | number): Promise<number> {
    if (scope === 'user') return userId(ref, 'target');
    const snapshot = typeof ref === 'number' ? await deps.directory.snapshot() : null;
    if (scope === 'department') {
      const dept =
        typeof ref === 'number'
          ? snapshot?.departments.find((d) => d.id === ref)
          : await deps.directory.departmentByName(ref);
      if (!dept) throw new BadInputError(`target: no department ${JSON.stringify(ref)} in the directory`);
      return dept.id;
    }
    const cc =
      typeof ref === 'number'
        ? snapshot?.costCentres.find((c) => c.id === ref)
        : await deps.directory.costCentreByCode(ref);
    if (!cc) throw new BadInputError(`target: no cost centre ${JSON.stringify(ref)} in the directory`);
    return cc.id;
  }

  const announce = async (m: EntityManager) => deps.changes?.append(m, 'budgets');

  async function changed(): Promise<void> {
    await deps.onChanged?.();
  }

  return {
    async add(draft, actor) {
      const d = parseOrThrow(budgetDraftSchema, draft);
      const scopeId = await targetId(d.scope, d.target);
      const excludedUserIds = await Promise.all(d.exclude.map((u) => userId(u, 'exclude')));
      const now = deps.clock.now();
      const id = await ds.transaction(async (m) => {
        if (await findBudgetByName(m, d.name)) throw new ConflictError(`a budget named "${d.name}" exists`);
        const budgetId = await insertBudget(
          m,
          {
            name: d.name,
            scope: d.scope,
            scopeId,
            sharing: d.scope === 'user' ? 'single' : (d.sharing ?? 'pool'),
            period: d.period,
            amountMinor: d.amountMinor,
            currency: d.currency,
            rollover: d.rollover,
            rolloverCapMinor: d.rolloverCapMinor,
            denyWhenSpent: d.denyWhenSpent,
            thresholds: d.thresholds,
            excludedUserIds,
            createdBy: who(actor),
          },
          now.getTime(),
        );
        await appendEvents(m, [
          {
            budgetId,
            at: now,
            kind: 'created',
            actor: who(actor),
            amountMinor: d.amountMinor,
            detail:
              `created: ${money(d, d.amountMinor)} per ${d.period}, thresholds ` +
              `${describeThresholds(d.thresholds)}`,
            data: { draft: { ...d, target: scopeId, exclude: excludedUserIds } },
          },
        ]);
        await announce(m);
        return budgetId;
      });
      await changed();
      return get(id);
    },

    get,
    list: () => loadBudgets(ds.manager),

    async adjust(ref, input, actor, reason = '') {
      const c = parseOrThrow(budgetChangesSchema, input);
      const before = await get(ref);
      const excluded = new Set(before.excludedUserIds);
      if ((c.exclude?.length || c.include?.length) && before.scope === 'user')
        throw new BadInputError('only group budgets have exclusions');
      for (const u of c.exclude ?? []) excluded.add(await userId(u, 'exclude'));
      for (const u of c.include ?? []) excluded.delete(await userId(u, 'include'));
      const after: Budget = {
        ...before,
        name: c.name ?? before.name,
        amountMinor: c.amountMinor ?? before.amountMinor,
        rollover: c.rollover ?? before.rollover,
        rolloverCapMinor: c.rolloverCapMinor === undefined ? before.rolloverCapMinor : c.rolloverCapMinor,
        denyWhenSpent: c.denyWhenSpent ?? before.denyWhenSpent,
        thresholds: (c.thresholds as Threshold[] | undefined) ?? before.thresholds,
        excludedUserIds: [...excluded].sort((a, b) => a - b),
      };
      const diff = describeChanges(before, after);
      if (diff.length === 0) return before;
      const now = deps.clock.now();
      await ds.transaction(async (m) => {
        if (after.name !== before.name && (await findBudgetByName(m, after.name)))
          throw new ConflictError(`a budget named "${after.name}" exists`);
        await updateBudget(m, before, after, now.getTime());
        await appendEvents(m, [
          {
            budgetId: before.id,
            at: now,
            kind: 'changed',
            actor: who(actor),
            amountMinor: after.amountMinor,
            detail: `${diff.join('; ')}${reason ? ` (${reason})` : ''}`,
            data: { changes: diff, reason },
          },
        ]);
        await announce(m);
      });
      await changed();
      return get(before.id);
    },

    async credit(ref, input, actor) {
      const b = await get(ref);
      if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor === 0)
        throw new BadInputError('a credit is a non-zero amount');
      let subject = 0;
      if (b.sharing === 'per-member') {
        if (input.member === undefined)
          throw new BadInputError(`"${b.name}" is per member: say which member the credit is for`);
        subject = await userId(input.member, 'member');
      } else if (input.member !== undefined) {
        throw new BadInputError(`"${b.name}" is not per member: a credit applies to the whole budget`);
      }
      const now = deps.clock.now();
      const period = periodContaining(now, b.period, deps.calendar);
      await ds.transaction(async (m) => {
        await insertAdjustment(m, {
          budgetId: b.id,
          subjectUserId: subject,
          periodStartsAt: period.start.getTime(),
          amountMinor: input.amountMinor,
          reason: input.reason ?? '',
          actor: who(actor),
          at: now.getTime(),
        });
        await appendEvents(m, [
          {
            budgetId: b.id,
            subjectUserId: subject,
            periodKey: period.key,
            at: now,
            kind: 'adjustment',
            actor: who(actor),
            amountMinor: input.amountMinor,
            detail:
              `${input.amountMinor > 0 ? 'credit' : 'debit'} of ` +
              `${money(b, Math.abs(input.amountMinor))} for ${period.key}${input.reason ? ` (${input.reason})` : ''}`,
            data: { reason: input.reason ?? '' },
          },
        ]);
        await announce(m);
      });
      await changed();
      return b;
    },

    async remove(ref, actor, reason = '') {
      const b = await get(ref);
      const now = deps.clock.now();
      await ds.transaction(async (m) => {
        await markRemoved(m, b, now.getTime());
        await appendEvents(m, [
          {
            budgetId: b.id,
            at: now,
            kind: 'removed',
            actor: who(actor),
            detail: `removed${reason ? ` (${reason})` : ''}`,
          },
        ]);
        await announce(m);
      });
      await changed();
    },
  };
}

export function describeThresholds(list: readonly Threshold[]): string {
  if (list.length === 0) return 'none';
  return list
    .map((t) => {
      const actions = [
        t.notifyUser && 'user',
        t.notifyManager && 'manager',
        t.notifyAdmins && 'admins',
        ...t.notifyExtra,
        t.lockLines && 'lock',
      ].filter(Boolean);
      return `${t.percent}%${actions.length ? `:${actions.join(',')}` : ''}`;
    })
    .join(' ');
}

function describeChanges(before: Budget, after: Budget): string[] {
  const out: string[] = [];
  const money = (v: number | null) =>
    v === null ? 'none' : `${minorToDecimal(v, before.currency)} ${before.currency}`;
  if (before.name !== after.name) out.push(`name "${before.name}" → "${after.name}"`);
  if (before.amountMinor !== after.amountMinor)
    out.push(`amount ${money(before.amountMinor)} → ${money(after.amountMinor)}`);
  if (before.rollover !== after.rollover)
    out.push(`rollover ${before.rollover ? 'on' : 'off'} → ${after.rollover ? 'on' : 'off'}`);
  if (before.rolloverCapMinor !== after.rolloverCapMinor)
    out.push(`rollover cap ${money(before.rolloverCapMinor)} → ${money(after.rolloverCapMinor)}`);
  if (before.denyWhenSpent !== after.denyWhenSpent)
    out.push(
      `refuse chargeable calls when spent ${before.denyWhenSpent ? 'on' : 'off'} → ` +
        `${after.denyWhenSpent ? 'on' : 'off'}`,
    );
  if (describeThresholds(before.thresholds) !== describeThresholds(after.thresholds)) {
    out.push(`thresholds ${describeThresholds(before.thresholds)} → ${describeThresholds(after.thresholds)}`);
  }
  if (before.excludedUserIds.join(',') !== after.excludedUserIds.join(','))
    out.push(`excluded users [${before.excludedUserIds.join(',')}] → [${after.excludedUserIds.join(',')}]`);
  return out;
}
