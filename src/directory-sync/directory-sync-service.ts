import type { DataSource } from 'typeorm';
import type { AuditEntry, AuditService } from '../audit/index.js';
import type { ChangeFeedWriter } from '../change-feed/index.js';
import type { Clock } from '../clock.js';
import type { DirectorySyncConfig, LdapConfig } from '../config/index.js';
import { BadInputError, ConflictError } from '../errors/index.js';
import type { EventBus } from '../events/index.js';
import type { Logger } from '../logging/index.js';
import { applyDirectorySync } from './apply-directory-sync.js';
import { readAxlSource } from './axl-source.js';
import { readLdapSource } from './ldap-source.js';
import { loadCurrentDirectory } from './load-current-directory.js';
import { planDirectorySync } from './plan-directory-sync.js';
import { planCounts, planIsEmpty, type SyncPlan, type SyncedKind } from './sync-plan.js';
import type { DirectorySyncSource, SourceData } from './sync-model.js';

/** Who asked for a sync, as the audit log records it. */
export type SyncActor = Pick<AuditEntry, 'actor' | 'role' | 'via' | 'from'>;

export interface SyncResult {
  sources: DirectorySyncSource[];
  dryRun: boolean;
  startedAt: Date;
  finishedAt: Date;
  plan: SyncPlan;
  counts: Record<SyncedKind, { added: number; changed: number; removed: number }>;
}

/** The last sync that was run for real (from the audit log, so a sync the CLI ran shows in the daemon's /healthz). */
export interface LastSync {
  at: string;
  ok: boolean;
  sources: DirectorySyncSource[];
  counts: SyncResult['counts'] | null;
  error: string | null;
}

export interface DirectorySyncService {
  /** The sources that are enabled in the configuration. */
  enabledSources(): DirectorySyncSource[];
  /** Reads every named source, then plans, then (unless a dry run) writes; nothing is written when a source fails. */
  run(options: { sources: DirectorySyncSource[]; dryRun: boolean; by: SyncActor }): Promise<SyncResult>;
  lastSync(): Promise<LastSync | null>;
}

export interface DirectorySyncDeps {
  dataSource: DataSource;
  events: EventBus;
  audit: AuditService;
  clock: Clock;
  log: Logger;
  settings: { ldap: LdapConfig; sync: DirectorySyncConfig };
  changes?: ChangeFeedWriter;
}

const AUDIT_ACTION = 'directory.sync';

export function createDirectorySyncService(deps: DirectorySyncDeps): DirectorySyncService {
  const { sync, ldap } = deps.settings;
  const log = deps.log.child({ module: 'directory-sync' });
  let running = false;

  const enabledSources = (): DirectorySyncSource[] => [
    ...(sync.ldap.enabled ? ['ldap' as const] : []),
    ...(sync.axl.enabled ? ['axl' as const] : []),
  ];

  async function read(source: DirectorySyncSource): Promise<SourceData> {
    return source === 'ldap' ? readLdapSource({ ldap, sync: sync.ldap }, log) : readAxlSource(sync.axl, log);
  }

  async function run(options: { sources: DirectorySyncSource[]; dryRun: boolean; by: SyncActor }): Promise<SyncResult> {
    const off = options.sources.filter((s) => !enabledSources().includes(s));
    if (off.length > 0)
      throw new BadInputError(
        `directory sync source(s) not enabled: ${off.join(', ')} (directorySync.${off[0]}.enabled)`,
      );
    if (options.sources.length === 0)
      throw new BadInputError(
        'no directory sync source is enabled (directorySync.ldap.enabled, directorySync.axl.enabled)',
      );
    const startedAt = deps.clock.now();
    const fetched: SourceData[] = [];
    try {
      for (const source of options.sources) fetched.push(await read(source));
      const plan = planDirectorySync(await loadCurrentDirectory(deps.dataSource), fetched, {
        people: sync.people,
        lines: sync.lines,
      });
      // The plan holds what is written: the sources' rows need not stay in memory while it is.
      fetched.length = 0;
      const counts = planCounts(plan);
      const result = (): SyncResult => ({
        sources: options.sources,
        dryRun: options.dryRun,
        startedAt,
        finishedAt: deps.clock.now(),
        plan,
        counts,
      });
      if (options.dryRun) return result();
      const changed = !planIsEmpty(plan);
      await applyDirectorySync(deps.dataSource, plan, deps.clock.now().getTime(), async (em) => {
        if (changed) await deps.changes?.append(em, 'directory');
        const detail = {
          ok: true,
          sources: options.sources,
          counts,
          departmentsAdded: plan.departments.length,
          costCentresAdded: plan.costCentres.length,
          warnings: plan.warnings.length,
        };
        await deps.audit.record({ ...options.by, action: AUDIT_ACTION, target: options.sources.join('+'), detail }, em);
      });
      if (changed) deps.events.emit('directory.changed', { source: 'sync' });
      log.info({ sources: options.sources, counts, warnings: plan.warnings.length }, 'directory synchronised');
      return result();
    } catch (err) {
      if (!options.dryRun) {
        const detail = { ok: false, sources: options.sources, error: (err as Error).message };
        await deps.audit
          .record({ ...options.by, action: AUDIT_ACTION, target: options.sources.join('+'), detail })
          .catch(() => undefined);
      }
      throw err;
    }
  }

  return {
    enabledSources,
    async run(options) {
      if (running) throw new ConflictError('a directory sync is already running in this process');
      running = true;
      try {
        return await run(options);
      } finally {
        running = false;
      }
    },
    async lastSync() {
      const [last] = await deps.audit.list({ action: AUDIT_ACTION, limit: 1, offset: 0 });
      if (!last) return null;
      const detail = last.detail as {
        ok?: boolean;
        sources?: DirectorySyncSource[];
        counts?: SyncResult['counts'];
        error?: string;
      };
      return {
        at: last.at.toISOString(),
        ok: detail.ok === true,
        sources: detail.sources ?? [],
        counts: detail.counts ?? null,
        error: detail.error ?? null,
      };
    },
  };
}
