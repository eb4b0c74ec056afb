import type { IngestStatusReadModel } from '../../cdr-collector/index.js';
import type { BudgetReadModel, BudgetStatus } from '../budgets/index.js';
import type { DirectoryReadModel, LineView } from '../directory/index.js';
import { AppError, BadInputError, ForbiddenError, NotFoundError } from '../errors/index.js';
import type { ChangeContext, LineLockState, LockService } from '../locks/index.js';
import { minorToDecimal } from '../../tariffs/index.js';
import { reportingOperations } from './reporting-operations.js';
import { complexTypes } from './reporting-types.js';
import type { OperationArgs } from './soap-args.js';
import { assertCoversDepartment, coversDepartment, type SoapPrincipal } from './soap-principal.js';
import { inSequence, type XsdElement } from './xsd-model.js';

export interface AdminHandlerDeps {
  directory: Pick<DirectoryReadModel, 'linesByExtension' | 'lineById' | 'userById'>;
  locks?: Pick<LockService, 'getLineState' | 'lockedLines' | 'setLock' | 'clearLock' | 'history' | 'resetPin'>;
  budgets?: Pick<BudgetReadModel, 'list' | 'status' | 'history'>;
  ingest?: Pick<IngestStatusReadModel, 'status'>;
}

const elementsOf = (type: string): XsdElement[] => complexTypes.find((t) => t.name === type)!.elements;
const outputOf = (op: string): XsdElement[] => reportingOperations.find((o) => o.name === op)!.output;
const iso = (d: Date) => d.toISOString();

function unavailable(what: string): AppError {
  return new AppError(`${what} is not available in this Tollgate`, 'UNAVAILABLE', 503);
}

function need<T>(part: T | undefined, what: string): T {
  if (!part) throw unavailable(what);
  return part;
}

function lineState(state: LineLockState): Record<string, unknown> {
  return {
    Extension: state.extension,
    Partition: state.partition,
    Locked: state.locked,
    Lock: state.locks.map((l) =>
      inSequence(elementsOf('HeldLock'), {
        Kind: l.kind,
        Actor: l.actor,
        Via: l.via,
        Reason: l.reason || undefined,
        Since: iso(l.since),
      }),
    ),
  };
}

/** Budgets, locks, PINs and CDR ingest for the SOAP API, limited to a supervisor's departments. */
export function createAdminHandlers(deps: AdminHandlerDeps) {
  /** The directory line the arguments name, checked against the principal's departments. */
  async function lineFor(args: { Extension: string; Partition?: string }, principal: SoapPrincipal): Promise<LineView> {
    const lines = (await deps.directory.linesByExtension(args.Extension)).filter(
      (l) => args.Partition === undefined || l.partition === args.Partition,
    );
    if (lines.length === 0)
      throw new NotFoundError(
        `no line ${args.Extension}${args.Partition !== undefined ? ` in partition "${args.Partition}"` : ''}`,
      );
    if (lines.length > 1)
      throw new BadInputError(
        `extension ${args.Extension} exists in partitions ` +
          `${lines.map((l) => `"${l.partition}"`).join(', ')}: give Partition`,
      );
    const line = lines[0]!;
    assertCoversDepartment(principal, line.user?.departmentName, `line ${line.extension}`);
    return line;
  }

  const context = (principal: SoapPrincipal, reason?: string): ChangeContext => ({
    actor: principal.username,
    via: 'soap',
    role: principal.role,
    from: principal.address,
    reason,
  });

  async function budgetVisible(status: BudgetStatus, principal: SoapPrincipal): Promise<boolean> {
    if (principal.role === 'admin') return true;
    if (status.budget.scope === 'department') return coversDepartment(principal, status.targetName);
    if (status.budget.scope === 'user')
      return coversDepartment(principal, (await deps.directory.userById(status.budget.scopeId))?.departmentName);
    return false;
  }

  async function budgetElement(status: BudgetStatus): Promise<Record<string, unknown>> {
    const money = (minor: number) => minorToDecimal(minor, status.budget.currency);
    const extensions = async (ids: number[]) =>
      (await Promise.all(ids.map((id) => deps.directory.lineById(id)))).flatMap((l) => (l ? [l.extension] : []));
    return inSequence(elementsOf('BudgetStatus'), {
      Name: status.budget.name,
      Scope: status.budget.scope,
      Target: status.targetName,
      Sharing: status.budget.sharing,
      Period: status.budget.period,
      PeriodStart: iso(status.period.start),
      PeriodEnd: iso(status.period.end),
      Amount: money(status.budget.amountMinor),
      Currency: status.budget.currency,
      Subject: await Promise.all(
        status.subjects.map(async (s) =>
          inSequence(elementsOf('BudgetSubject'), {
            Name: s.name,
            Allowance: money(s.allowanceMinor),
            Spent: money(s.spentMinor),
            Remaining: money(s.remainingMinor),
            PercentUsed: s.percentUsed.toFixed(2),
            Exhausted: s.exhausted,
            ReachedPercent: s.firedPercents,
            LockedExtension: await extensions(s.lockedLineIds),
          }),
        ),
      ),
    });
  }

  return {
    async GetBudgetStatus(args: OperationArgs<'GetBudgetStatus'>, principal: SoapPrincipal) {
      const budgets = need(deps.budgets, 'Budget Control');
      const names = args.Budget ? [args.Budget] : (await budgets.list()).map((b) => b.name);
      const visible: BudgetStatus[] = [];
      for (const name of names) {
        const status = await budgets.status(name);
        if (await budgetVisible(status, principal)) visible.push(status);
        else if (args.Budget) throw new ForbiddenError(`budget "${name}" is outside your departments`);
      }
      return { Budget: await Promise.all(visible.map(budgetElement)) };
    },

    async GetBudgetHistory(args: OperationArgs<'GetBudgetHistory'>, principal: SoapPrincipal) {
      const budgets = need(deps.budgets, 'Budget Control');
      const status = await budgets.status(args.Budget);
      if (!(await budgetVisible(status, principal)))
        throw new ForbiddenError(`budget "${args.Budget}" is outside your departments`);
      const events = await budgets.history(args.Budget, { from: args.From, to: args.To, limit: args.Limit ?? 100 });
      return inSequence(outputOf('GetBudgetHistory'), {
        Budget: status.budget.name,
        Event: events.map((e) =>
          inSequence(elementsOf('BudgetEvent'), {
            At: iso(e.at),
            Kind: e.kind,
            Actor: e.actor,
            Period: e.periodKey ?? undefined,
            Amount: e.amountMinor === null ? undefined : minorToDecimal(e.amountMinor, status.budget.currency),
            Detail: e.detail || undefined,
          }),
        ),
      });
    },

    async GetLockStatus(args: OperationArgs<'GetLockStatus'>, principal: SoapPrincipal) {
      const locks = need(deps.locks, 'Phone Lock');
      if (args.Extension) {
        const line = await lineFor({ Extension: args.Extension, Partition: args.Partition }, principal);
        return { Line: [lineState(await locks.getLineState({ lineId: line.id }))] };
      }
      const states = [];
      for (const state of await locks.lockedLines()) {
        const line = await deps.directory.lineById(state.lineId);
        if (coversDepartment(principal, line?.user?.departmentName)) states.push(lineState(state));
      }
      return { Line: states };
    },

    async GetLockHistory(args: OperationArgs<'GetLockHistory'>, principal: SoapPrincipal) {
      const locks = need(deps.locks, 'Phone Lock');
      const line = await lineFor(args, principal);
      const entries = await locks.history({ lineId: line.id }, { limit: args.Limit ?? 50 });
      return inSequence(outputOf('GetLockHistory'), {
        Extension: line.extension,
        Partition: line.partition,
        Entry: entries.map((e) =>
          inSequence(elementsOf('LockHistoryEntry'), {
            At: iso(e.at),
            Action: e.action,
            Kind: e.kind ?? undefined,
            Actor: e.actor,
            Via: e.via,
            KindsBefore: e.kindsBefore,
            KindsAfter: e.kindsAfter,
            Reason: e.reason || undefined,
          }),
        ),
      });
    },

    async SetAdminLock(args: OperationArgs<'SetAdminLock'>, principal: SoapPrincipal) {
      const line = await lineFor(args, principal);
      const result = await need(deps.locks, 'Phone Lock').setLock(
        { lineId: line.id },
        'admin',
        context(principal, args.Reason),
      );
      return inSequence(outputOf('SetAdminLock'), { Changed: result.changed, ...lineState(result.state) });
    },

    async ClearAdminLock(args: OperationArgs<'ClearAdminLock'>, principal: SoapPrincipal) {
      const line = await lineFor(args, principal);
      const result = await need(deps.locks, 'Phone Lock').clearLock(
        { lineId: line.id },
        'admin',
        context(principal, args.Reason),
      );
      return inSequence(outputOf('ClearAdminLock'), { Changed: result.changed, ...lineState(result.state) });
    },

    async ResetPin(args: OperationArgs<'ResetPin'>, principal: SoapPrincipal) {
      const line = await lineFor(args, principal);
      const { generatedPin } = await need(deps.locks, 'Phone Lock').resetPin({ lineId: line.id }, context(principal), {
        pin: args.Pin || undefined,
        random: args.Random,
      });
      return inSequence(outputOf('ResetPin'), {
        Extension: line.extension,
        Partition: line.partition,
        GeneratedPin: generatedPin ?? undefined,
      });
    },

    async GetCdrIngestStatus(args: OperationArgs<'GetCdrIngestStatus'>) {
      const status = await need(deps.ingest, 'CDR ingest status').status({
        recentFiles: Math.min(Math.max(args.Files ?? 20, 0), 500),
      });
      return inSequence(outputOf('GetCdrIngestStatus'), {
        LastCallIngestedAt: status.lastCallIngestedAt ? iso(status.lastCallIngestedAt) : undefined,
        FilesProcessing: status.files.processing,
        FilesStored: status.files.stored,
        FilesQuarantined: status.files.quarantined,
        RecordsRejected: status.recordsRejected,
        File: status.recent.map((f) =>
          inSequence(elementsOf('IngestFile'), {
            Source: f.source,
            Name: f.name,
            Status: f.status,
            ReceivedAt: iso(f.receivedAt),
            FinishedAt: f.finishedAt ? iso(f.finishedAt) : undefined,
            Records: f.records,
            Stored: f.stored,
            Duplicates: f.duplicates,
            Rejected: f.rejected,
            Reason: f.reason || undefined,
          }),
        ),
      });
    },
  };
}
