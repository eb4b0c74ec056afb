import { watch, type FSWatcher } from 'node:fs';
import type { Logger } from 'pino';
import { emptyTariffBook, formatPlanProblem, type PlanProblem, type TariffBook } from '../../tariffs/index.js';
import type { Clock } from '../clock.js';
import type { EventBus } from '../events/index.js';
import { loadTariffBook, plansDirOf, type TariffSettings } from '../tariff-files/index.js';

export interface TariffPlansServiceDeps {
  settings: TariffSettings & { watch: boolean; watchDebounceMs: number };
  events: EventBus;
  log: Logger;
  clock: Clock;
  /** Tells other processes (daemons rating with the same plans) to reload too: a change feed row. */
  announce?: () => Promise<void>;
}

export type ReloadOutcome = { ok: true; plans: number; files: string[] } | { ok: false; problems: PlanProblem[] };

export interface TariffPlansStatus {
  dir: string;
  plans: Array<{
    id: string;
    carrier: string;
    currency: string;
    effectiveFrom: string;
    effectiveTo: string | null;
    rows: number;
    file: string;
  }>;
  loadedAt: string | null;
  /** Problems of the last reload that was refused (the plans above stayed in use), or null. */
  lastRefusal: { at: string; problems: PlanProblem[] } | null;
}

/** Holds the tariff book in use and replaces it on reload (command or file watch). */
export interface TariffPlansService {
  /** The book in use: read it per call, it is replaced whole on reload. */
  book(): TariffBook;
  /**
   * Reads the folder again; on any problem the plans in use stay. Concurrent calls share one run. A
   * successful reload is announced to other processes unless `announce` is false (a reload they asked for,
   * or this daemon's own file watch: each daemon watches its own folder).
   */
  reload(options?: { announce?: boolean }): Promise<ReloadOutcome>;
  status(): TariffPlansStatus;
  /** First load, then the file watch when configured. A bad folder leaves no plans, and is logged. */
  start(): Promise<void>;
  stop(): void;
}

export function createTariffPlansService(deps: TariffPlansServiceDeps): TariffPlansService {
  const { settings, events, log, clock } = deps;
  const dir = plansDirOf(settings);
  let book = emptyTariffBook();
  let loadedAt: Date | null = null;
  let lastRefusal: TariffPlansStatus['lastRefusal'] = null;
  let running: Promise<ReloadOutcome> | null = null;
  let again = false;
  let watcher: FSWatcher | null = null;
  let timer: NodeJS.Timeout | null = null;

  async function loadOnce(): Promise<ReloadOutcome> {
    const result = await loadTariffBook(settings, dir);
    if (!result.ok) {
      lastRefusal = { at: clock.now().toISOString(), problems: result.problems };
      for (const problem of result.problems)
        log.error(
          { file: problem.file, line: problem.line, dir },
          `tariff plan refused: ${formatPlanProblem(problem)}`,
        );
      log.error(
        { dir, problems: result.problems.length, plansInUse: book.plans.length },
        'tariff plans not reloaded: the plans in use stay',
      );
      return { ok: false, problems: result.problems };
    }
    book = result.book;
    loadedAt = clock.now();
    lastRefusal = null;
    if (result.book.plans.length === 0) log.warn({ dir }, 'no tariff plans in the folder: external calls stay unrated');
    log.info({ dir, plans: result.book.plans.map((p) => p.id), files: result.files.length }, 'tariff plans loaded');
    events.emit('tariffs.reloaded', { plans: result.book.plans.length });
    return { ok: true, plans: result.book.plans.length, files: result.files };
  }

  async function reload(options: { announce?: boolean } = {}): Promise<ReloadOutcome> {
    const outcome = await reloadOnce();
    if (outcome.ok && options.announce !== false && deps.announce) {
      await deps
        .announce()
        .catch((err: unknown) => log.warn({ err }, 'tariff plans reloaded, but other processes could not be told'));
    }
    return outcome;
  }

  function reloadOnce(): Promise<ReloadOutcome> {
    if (running !== null) {
      // A change during a reload gets a fresh read after it.
      again = true;
      return running;
    }
    running = (async () => {
      try {
        let outcome = await loadOnce();
        while (again) {
          again = false;
          outcome = await loadOnce();
        }
        return outcome;
      } finally {
        running = null;
      }
    })();
    return running;
  }

  function scheduleReload(): void {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void reload({ announce: false });
    }, settings.watchDebounceMs);
    timer.unref();
  }

  return {
    book: () => book,
    reload,
    status: () => ({
      dir,
      plans: book.plans.map((p) => ({
        id: p.id,
        carrier: p.carrier,
        currency: p.currency,
        effectiveFrom: p.effectiveFrom.toISOString(),
        effectiveTo: p.effectiveTo?.toISOString() ?? null,
        rows: p.rows.length,
        file: p.fileName,
      })),
      loadedAt: loadedAt?.toISOString() ?? null,
      lastRefusal,
    }),
    async start() {
      await reload({ announce: false });
      if (!settings.watch || watcher !== null) return;
      try {
        watcher = watch(dir, { persistent: false }, (_event, file) => {
          if (file === null || /\.ya?ml$/i.test(file)) scheduleReload();
        });
        watcher.on('error', (err) =>
          log.warn({ err, dir }, 'tariff plans folder watch stopped; `tollgate tariffs reload` still works'),
        );
      } catch (err) {
        log.warn({ err, dir }, 'cannot watch the tariff plans folder; `tollgate tariffs reload` still works');
      }
    },
    stop() {
      watcher?.close();
      watcher = null;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
