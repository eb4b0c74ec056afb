import type { Logger } from 'pino';
import type { EventBus, LockKind } from '../src/events/index.js';
import type { CurriFacts, CurriLine } from './curri-facts.js';

/** Where the cache loads its state from at start and after a directory change (bulk reads, off the request path). */
export interface CurriFactSources {
  loadLines(): Promise<CurriLine[]>;
  loadLocks(): Promise<Array<{ lineId: number; kinds: LockKind[] }>>;
  loadExhaustedBudgets(): Promise<Array<{ budgetId: number; lineIds: number[] }>>;
}

export interface CurriFactsCache extends CurriFacts {
  /** Loads every source; resolves once ready (retrying failed sources in the background otherwise). */
  warmUp(): Promise<void>;
  /** Stops listening and retrying. */
  close(): void;
}

export interface CurriFactsCacheDeps {
  events: EventBus;
  sources: CurriFactSources;
  logger: Logger;
  /** Delay before a failed load is retried. */
  retryMs?: number;
}

const noKinds: readonly LockKind[] = Object.freeze([]);
const noLines: readonly CurriLine[] = Object.freeze([]);

/**
 * The in-memory decision facts, kept current by 'directory.changed',
 * 'lock.changed' and 'budget.state-changed'. Events that arrive while a bulk
 * load is in flight win over the (older) loaded rows.
 */
export function createCurriFactsCache(deps: CurriFactsCacheDeps): CurriFactsCache {
  const log = deps.logger;
  const retryMs = deps.retryMs ?? 5000;
  let linesByNumber = new Map<string, CurriLine[]>();
  let knownLineIds = new Set<number>();
  const locks = new Map<number, readonly LockKind[]>();
  const exhaustedBudgets = new Map<number, readonly number[]>();
  const exhaustedCount = new Map<number, number>();
  const loaded = { lines: false, locks: false, budgets: false };
  // Ids touched by events during a bulk load; null when no load is running.
  let locksTouched: Set<number> | null = null;
  let budgetsTouched: Set<number> | null = null;
  let directoryLoad: Promise<void> | null = null;
  let directoryDirty = false;
  let closed = false;
  const timers = new Set<NodeJS.Timeout>();

  function setLock(lineId: number, kinds: readonly LockKind[]) {
    if (kinds.length === 0) locks.delete(lineId);
    else locks.set(lineId, Object.freeze([...kinds]));
  }

  function setBudget(budgetId: number, exhausted: boolean, lineIds: readonly number[]) {
    for (const lineId of exhaustedBudgets.get(budgetId) ?? []) {
      const n = (exhaustedCount.get(lineId) ?? 1) - 1;
      if (n <= 0) exhaustedCount.delete(lineId);
      else exhaustedCount.set(lineId, n);
    }
    exhaustedBudgets.delete(budgetId);
    if (!exhausted) return;
    const unique = [...new Set(lineIds)];
    exhaustedBudgets.set(budgetId, unique);
    for (const lineId of unique) exhaustedCount.set(lineId, (exhaustedCount.get(lineId) ?? 0) + 1);
  }

  const unsubscribe = [
    deps.events.on('lock.changed', (e) => {
      locksTouched?.add(e.lineId);
      setLock(e.lineId, e.locked ? e.kinds : noKinds);
      // A lock on a line we do not know yet (its import's change may not have reached us yet): learn the line now.
      if (e.locked && loaded.lines && !knownLineIds.has(e.lineId)) void reloadLines();
    }),
    deps.events.on('budget.state-changed', (e) => {
      budgetsTouched?.add(e.budgetId);
      setBudget(e.budgetId, e.exhausted, e.lineIds);
      if (e.exhausted && loaded.lines && e.lineIds.some((id) => !knownLineIds.has(id))) void reloadLines();
    }),
    deps.events.on('directory.changed', () => {
      // Before start() (a CLI command composing the daemon to import a directory) there is nothing to refresh.
      if (loaded.lines) void reloadLines();
    }),
  ];

  function retryLater(what: string, load: () => Promise<void>) {
    if (closed) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void load();
    }, retryMs);
    timer.unref();
    timers.add(timer);
    log.warn({ what, retryMs }, 'CURRI facts: load failed, retrying');
  }

  async function loadLocks(): Promise<void> {
    const touched = new Set<number>();
    locksTouched = touched;
    try {
      const rows = await deps.sources.loadLocks();
      const fresh = new Map(rows.filter((r) => r.kinds.length > 0).map((r) => [r.lineId, r.kinds] as const));
      for (const lineId of [...locks.keys()]) if (!fresh.has(lineId) && !touched.has(lineId)) locks.delete(lineId);
      for (const [lineId, kinds] of fresh) if (!touched.has(lineId)) setLock(lineId, kinds);
      loaded.locks = true;
      log.info({ locked: locks.size }, 'CURRI facts: locks loaded');
    } catch (err) {
      log.warn({ err }, 'CURRI facts: cannot load locks');
      retryLater('locks', loadLocks);
    } finally {
      locksTouched = null;
    }
  }

  async function loadBudgets(): Promise<void> {
    const touched = new Set<number>();
    budgetsTouched = touched;
    try {
      const rows = await deps.sources.loadExhaustedBudgets();
      const fresh = new Map(rows.map((r) => [r.budgetId, r.lineIds] as const));
      for (const budgetId of [...exhaustedBudgets.keys()]) {
        if (!fresh.has(budgetId) && !touched.has(budgetId)) setBudget(budgetId, false, []);
      }
      for (const [budgetId, lineIds] of fresh) if (!touched.has(budgetId)) setBudget(budgetId, true, lineIds);
      loaded.budgets = true;
      log.info({ exhausted: exhaustedBudgets.size }, 'CURRI facts: budget states loaded');
    } catch (err) {
      log.warn({ err }, 'CURRI facts: cannot load budget states');
      retryLater('budgets', loadBudgets);
    } finally {
      budgetsTouched = null;
    }
  }

  /** Reloads the directory; changes during a reload cause one more reload after it. */
  function reloadLines(): Promise<void> {
    if (directoryLoad) {
      directoryDirty = true;
      return directoryLoad;
    }
    directoryLoad = (async () => {
      do {
        directoryDirty = false;
        try {
          const lines = await deps.sources.loadLines();
          const index = new Map<string, CurriLine[]>();
          const ids = new Set<number>();
          for (const line of lines) {
            ids.add(line.id);
            const list = index.get(line.extension);
            if (list) list.push(line);
            else index.set(line.extension, [line]);
          }
          linesByNumber = index;
          knownLineIds = ids;
          loaded.lines = true;
          log.info({ lines: lines.length }, 'CURRI facts: directory loaded');
        } catch (err) {
          log.warn({ err }, 'CURRI facts: cannot load the directory');
          retryLater('directory', reloadLines);
          break;
        }
      } while (directoryDirty && !closed);
    })().finally(() => {
      directoryLoad = null;
    });
    return directoryLoad;
  }

  return {
    get ready() {
      return loaded.lines && loaded.locks && loaded.budgets;
    },
    linesByNumber: (number) => linesByNumber.get(number) ?? noLines,
    lockKinds: (lineId) => locks.get(lineId) ?? noKinds,
    budgetExhausted: (lineId) => exhaustedCount.has(lineId),
    async warmUp() {
      await Promise.all([reloadLines(), loadLocks(), loadBudgets()]);
    },
    close() {
      closed = true;
      for (const off of unsubscribe) off();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
