import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import { leaseStore } from './lease-store.js';

/** What a run-once job is told when it runs. */
export interface ExclusiveRun {
  /**
   * True on the first run since this daemon took the lease (a predecessor may have died mid-job: clean up after
   * it).
   */
  firstRun: boolean;
}

/**
 * Runs `fn` only if this daemon holds (or can take now) the named lease;
 * resolves true if it ran. The lease stays with the daemon, renewed on every
 * heartbeat, until it stops or dies: then another daemon takes it over.
 */
export type RunExclusive = (name: string, fn: (run: ExclusiveRun) => Promise<void>) => Promise<boolean>;

/** A lease on one item of work (a CDR file): renewed while held, released when the work is done. */
export interface Claim {
  readonly name: string;
  release(): Promise<void>;
}

export interface ClusterLeasesDeps {
  dataSource: DataSource;
  clock: Clock;
  log: Logger;
  /** This daemon's id (its change-feed origin). */
  holder: string;
  leaseMs: number;
}

export interface ClusterLeases {
  runExclusive: RunExclusive;
  /** Takes a lease for one item of work, or null when another daemon holds it. */
  claim(name: string): Promise<Claim | null>;
  /** Whether this daemon holds the lease now (as of its last renewal). */
  holds(name: string): boolean;
  /** The leases this daemon holds. */
  held(): string[];
  /** Renews the held leases and tries to take the run-once leases it wants (each heartbeat). */
  renew(): Promise<void>;
  /** Releases every lease (clean stop): others take over at once instead of after the expiry. */
  releaseAll(): Promise<void>;
}

/**
 * Leases in the database, for run-once jobs (budget renewal, the e-mail
 * outbox…) and for items of work (CDR files). A lease is a row with a holder
 * and an expiry, taken by one atomic upsert; holders renew theirs every
 * heartbeat, and a daemon that dies loses them when they expire.
 */
export function createClusterLeases(deps: ClusterLeasesDeps): ClusterLeases {
  const log = deps.log.child({ module: 'cluster' });
  /** name → whether the next exclusive run is the first since taking it. */
  const held = new Map<string, { fresh: boolean; job: boolean }>();
  /** Run-once jobs this daemon wants: tried again at every heartbeat, so one takes over when the holder dies. */
  const wanted = new Set<string>();
  const now = () => deps.clock.now().getTime();
  /** The heartbeat's renewal in progress: a release waits for it, so a renewal never re-creates a released row. */
  let renewing: Promise<void> = Promise.resolve();

  async function take(name: string, job: boolean): Promise<boolean> {
    const had = held.has(name);
    const ok = await leaseStore.acquire(deps.dataSource, name, deps.holder, now(), deps.leaseMs);
    if (ok && !had) {
      held.set(name, { fresh: true, job });
      if (job) log.info({ lease: name }, 'lease taken: this daemon runs the job');
    } else if (!ok && had) {
      held.delete(name);
      log.warn({ lease: name }, 'lease lost to another daemon (not renewed in time)');
    }
    return ok;
  }

  return {
    async runExclusive(name, fn) {
      wanted.add(name);
      if (!held.has(name) && !(await take(name, true))) return false;
      const state = held.get(name);
      if (!state) return false;
      const firstRun = state.fresh;
      state.fresh = false;
      await fn({ firstRun });
      return true;
    },
    async claim(name) {
      if (held.has(name)) return null;
      if (!(await take(name, false))) return null;
      return {
        name,
        release: async () => {
          await renewing;
          held.delete(name);
          await leaseStore.release(deps.dataSource, [name], deps.holder);
        },
      };
    },
    holds: (name) => held.has(name),
    held: () => [...held.keys()],
    renew() {
      renewing = (async () => {
        for (const name of new Set([...held.keys(), ...wanted])) {
          if (!held.has(name) && !wanted.has(name)) continue;
          try {
            await take(name, wanted.has(name));
          } catch (err) {
            log.warn({ err, lease: name }, 'could not renew a lease; trying again at the next heartbeat');
          }
        }
      })();
      return renewing;
    },
    async releaseAll() {
      await renewing;
      const names = [...held.keys()];
      held.clear();
      wanted.clear();
      await leaseStore.release(deps.dataSource, names, deps.holder);
    },
  };
}
