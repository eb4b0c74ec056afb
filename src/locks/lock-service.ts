import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditRecorder } from '../audit/index.js';
import type { ChangeFeedWriter } from '../change-feed/index.js';
import type { Clock } from '../clock.js';
import type { EventBus, LockKind } from '../events/index.js';
import type { LineLockRow, LockHistoryRow } from '../store/index.js';
import { assertMayChangeLock, sortKinds, type ChangeContext } from './lock-policy.js';
import { auditEntryOf, isAudited } from './lock-audit.js';
import { createLockStore, historyBase, type NewHistory } from './lock-store.js';
import type {
  LineIdentity,
  LineLockState,
  LineLookup,
  LineRef,
  LockChangeResult,
  LockHistoryEntry,
  PinStatus,
  ProvisionOutcome,
} from './lock-types.js';
import type { PinHasher } from './pin-hasher.js';
import { createPinService, type PinPolicy } from './pin-service.js';
import { resolveLine } from './resolve-line.js';
import { createSerialQueue } from '../serial-queue.js';

/**
 * The one way anything reads or changes line locks and PINs: CURRI, budgets,
 * the web, SOAP, the phone service and the CLI. Every committed lock change is
 * recorded and published as 'lock.changed'.
 */
export interface LockService {
  getLineState(line: LineRef): Promise<LineLockState>;
  /** Every line with at least one lock: the bulk read a cache warms up from. */
  lockedLines(): Promise<LineLockState[]>;
  /** The states of these lines, by line id (a page of the web's Users list in one query). */
  statesOf(lines: LineIdentity[]): Promise<Map<number, LineLockState>>;
  setLock(line: LineRef, kind: LockKind, context: ChangeContext): Promise<LockChangeResult>;
  clearLock(line: LineRef, kind: LockKind, context: ChangeContext): Promise<LockChangeResult>;
  history(line: LineRef, options?: { limit?: number; beforeId?: number }): Promise<LockHistoryEntry[]>;
  pinStatus(line: LineRef): Promise<PinStatus>;
  /**
   * Resolves with whether the PIN is still a default one; throws WrongPinError, TooManyAttemptsError or
   * PinNotSetError.
   */
  verifyPin(line: LineRef, pin: string, context: ChangeContext): Promise<{ isDefault: boolean }>;
  changePin(line: LineRef, oldPin: string, newPin: string, context: ChangeContext): Promise<void>;
  /**
   * Administrators and supervisors. `pin` follows the PIN policy (length,
   * trivial PINs); without it: back to the configured default PIN, or a random
   * one (returned once) when none is configured or `random` is set. Also lifts
   * a brute-force lockout.
   */
  resetPin(
    line: LineRef,
    context: ChangeContext,
    options?: { pin?: string; random?: boolean },
  ): Promise<{ generatedPin: string | null }>;
  /** A default PIN from the directory import; a PIN the user chose is kept. */
  provisionPin(line: LineRef, pin: string, context: ChangeContext): Promise<ProvisionOutcome>;
  /**
   * Publishes the current state of lines whose locks another process (the
   * CLI, another daemon) changed, one 'lock.changed' each, as that process's
   * change feed rows name them. Resolves with the lines published.
   */
  publishChangedLines(lineIds: number[]): Promise<number>;
}

export interface LockServiceDeps {
  dataSource: DataSource;
  lines: LineLookup;
  events: EventBus;
  clock: Clock;
  log: Logger;
  pin: PinPolicy;
  hasher: PinHasher;
  /** Where committed lock changes are announced to other processes (the daemon's listener publishes them there). */
  changes?: ChangeFeedWriter;
  /** Where changes by administrators and supervisors are audited (users' own are in the lock history). */
  audit?: AuditRecorder;
}

export function createLockService(deps: LockServiceDeps): LockService {
  const store = createLockStore(deps.dataSource);
  const queue = createSerialQueue();
  const log = deps.log.child({ module: 'locks' });
  const pins = createPinService({ ...deps, log, queue, recordHistory: (h) => store.appendHistory(h), kindsOf });

  function publish(
    line: LineIdentity,
    rows: LineLockRow[],
    context: Pick<ChangeContext, 'actor' | 'via'>,
    at: Date,
  ): LineLockState {
    const state = toState(line, rows);
    deps.events.emit('lock.changed', {
      lineId: line.id,
      extension: line.extension,
      partition: line.partition,
      kinds: state.kinds,
      locked: state.locked,
      actor: context.actor,
      via: context.via,
      at,
    });
    return state;
  }

  async function kindsOf(lineId: number): Promise<LockKind[]> {
    return sortKinds((await store.locksOf(lineId)).map((l) => l.kind));
  }

  async function change(
    ref: LineRef,
    kind: LockKind,
    context: ChangeContext,
    action: 'set' | 'clear',
  ): Promise<LockChangeResult> {
    assertMayChangeLock(kind, context, action);
    const line = await resolveLine(deps.lines, ref);
    const outcome = await queue.run(async () => {
      const before = await store.locksOf(line.id);
      const holder = before.find((l) => l.kind === kind);
      if ((action === 'set') === (holder !== undefined)) return { changed: false, rows: before, at: deps.clock.now() };
      if (holder) assertMayChangeLock(kind, context, action, holder.actorRole);
      const at = deps.clock.now();
      const kindsBefore = sortKinds(before.map((l) => l.kind));
      const kindsAfter = action === 'set' ? sortKinds([...kindsBefore, kind]) : kindsBefore.filter((k) => k !== kind);
      const history: NewHistory = {
        ...historyBase(line, at, context),
        action,
        kind,
        kindsBefore: kindsBefore.join(','),
        kindsAfter: kindsAfter.join(','),
      };
      const lock = {
        lineId: line.id,
        extension: line.extension,
        partition: line.partition,
        kind,
        actor: context.actor,
        actorRole: context.role,
        via: context.via,
        reason: context.reason ?? '',
        createdAt: at,
      };
      const audit = deps.audit;
      const alsoInTransaction = async (em: EntityManager) => {
        await deps.changes?.append(em, 'locks', { lineIds: [line.id] });
        if (audit && isAudited(context))
          await audit.record(auditEntryOf(line, context, `lock.${action}`, { kind, kindsBefore, kindsAfter }), em);
      };
      if (action === 'set') await store.addLock(lock, history, alsoInTransaction);
      else await store.removeLock(line.id, kind, history, alsoInTransaction);
      return { changed: true, rows: await store.locksOf(line.id), at };
    });
    if (!outcome.changed) return { changed: false, state: toState(line, outcome.rows) };
    const state = publish(line, outcome.rows, context, outcome.at);
    log.info(
      {
        lineId: line.id,
        extension: line.extension,
        partition: line.partition,
        kind,
        actor: context.actor,
        via: context.via,
        kinds: state.kinds,
      },
      `lock ${action}`,
    );
    return { changed: true, state };
  }

  async function publishChangedLines(lineIds: number[]): Promise<number> {
    const changed = await queue.run(async () => {
      const found = await Promise.all(
        [...new Set(lineIds)].map(async (lineId) => ({
          last: await store.latestLockChange(lineId),
          rows: await store.locksOf(lineId),
        })),
      );
      return found.filter((f): f is { last: LockHistoryRow; rows: LineLockRow[] } => f.last !== null);
    });
    for (const { last, rows } of changed) {
      const state = publish(
        { id: last.lineId, extension: last.extension, partition: last.partition },
        rows,
        last,
        last.at,
      );
      log.info(
        { lineId: last.lineId, extension: last.extension, actor: last.actor, via: last.via, kinds: state.kinds },
        'lock change made by another process published',
      );
    }
    return changed.length;
  }

  return {
    async getLineState(ref) {
      const line = await resolveLine(deps.lines, ref);
      return toState(line, await store.locksOf(line.id));
    },
    async lockedLines() {
      const byLine = new Map<number, LineLockRow[]>();
      for (const row of await store.allLocks()) byLine.set(row.lineId, [...(byLine.get(row.lineId) ?? []), row]);
      return [...byLine.values()].map((rows) => {
        const first = rows[0] as LineLockRow;
        return toState({ id: first.lineId, extension: first.extension, partition: first.partition }, rows);
      });
    },
    async statesOf(lines) {
      const rows = await store.locksOfLines(lines.map((l) => l.id));
      return new Map(
        lines.map((line) => [
          line.id,
          toState(
            line,
            rows.filter((r) => r.lineId === line.id),
          ),
        ]),
      );
    },
    setLock: (ref, kind, context) => change(ref, kind, context, 'set'),
    clearLock: (ref, kind, context) => change(ref, kind, context, 'clear'),
    async history(ref, options = {}) {
      const line = await resolveLine(deps.lines, ref);
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 1000);
      const rows = await store.history(line.id, {
        limit,
        ...(options.beforeId === undefined ? {} : { beforeId: options.beforeId }),
      });
      return rows.map(toHistoryEntry);
    },
    pinStatus: async (ref) => pins.status(await resolveLine(deps.lines, ref)),
    verifyPin: async (ref, pin, context) => pins.verify(await resolveLine(deps.lines, ref), pin, context),
    changePin: async (ref, oldPin, newPin, context) =>
      pins.change(await resolveLine(deps.lines, ref), oldPin, newPin, context),
    resetPin: async (ref, context, options = {}) => pins.reset(await resolveLine(deps.lines, ref), context, options),
    provisionPin: async (ref, pin, context) => pins.provision(await resolveLine(deps.lines, ref), pin, context),
    publishChangedLines,
  };
}

function toState(line: LineIdentity, rows: LineLockRow[]): LineLockState {
  const kinds = sortKinds(rows.map((r) => r.kind));
  const locks = rows
    .map((r) => ({ kind: r.kind, actor: r.actor, via: r.via, reason: r.reason, since: r.createdAt }))
    .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind));
  return {
    lineId: line.id,
    extension: line.extension,
    partition: line.partition,
    locked: kinds.length > 0,
    kinds,
    locks,
  };
}

function toHistoryEntry(row: LockHistoryRow): LockHistoryEntry {
  const split = (s: string) =>
    sortKinds(s.split(',').filter((k): k is LockKind => k === 'user' || k === 'admin' || k === 'budget'));
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    kind: row.kind,
    actor: row.actor,
    via: row.via,
    kindsBefore: split(row.kindsBefore),
    kindsAfter: split(row.kindsAfter),
    reason: row.reason,
  };
}
