import type { RunExclusive } from '../cluster/index.js';
import type { Logger } from '../logging/index.js';
import type { DirectorySyncService, SyncActor } from './directory-sync-service.js';

/**
 * Runs the enabled sources every `intervalMinutes` in the daemon (a plain timer: the sync keeps its
 * own simple interval), in one daemon of the cluster at a time (lease `directory-sync`). A run that
 * fails is logged and tried again at the next interval.
 */
export function createDirectorySyncSchedule(deps: {
  sync: DirectorySyncService;
  intervalMinutes: number;
  by: SyncActor;
  log: Logger;
  runExclusive: RunExclusive;
}) {
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const tick = () => {
    const sources = deps.sync.enabledSources();
    if (sources.length === 0) return;
    const run = async () => {
      await deps.sync.run({ sources, dryRun: false, by: deps.by });
    };
    current = deps
      .runExclusive('directory-sync', run)
      .catch((err: unknown) =>
        deps.log.warn({ err }, 'scheduled directory sync failed; retrying at the next interval'),
      );
  };
  return {
    start() {
      if (deps.intervalMinutes <= 0) return;
      timer = setInterval(tick, deps.intervalMinutes * 60_000);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await current;
    },
  };
}
