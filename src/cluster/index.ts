/**
 * Several daemons on one database. `createCluster` gives each daemon a
 * heartbeat row (id, host, pid, started, last seen, change-feed position and
 * delay) and leases in the database:
 *
 * - `runExclusive(name, fn)` for work that must run once across the cluster:
 *   `fn` runs only in the daemon holding lease `name` (taken on first call,
 *   renewed every heartbeat, taken over by another daemon when the holder dies
 *   and it expires). A module that has such work takes a `RunExclusive` in its
 *   deps and wraps each run in it (budget renewal: `budget-renewal`, e-mail
 *   sending: `notify-outbox`); `firstRun` tells it to clean up after a
 *   predecessor that may have died mid-job.
 * - `leases.claim(name)` for one item of work (a CDR file): null when another
 *   daemon holds it; renewed while held; `release()` when done.
 *
 * `status()` is the cluster as /healthz shows it; `registerMetrics` adds the
 * `tollgate_cluster_*` and `tollgate_change_feed_*` gauges.
 */
export {
  createCluster,
  type Cluster,
  type ClusterDeps,
  type ClusterStatus,
  type DaemonStatus,
} from './create-cluster.js';
export type { Claim, ClusterLeases, ExclusiveRun, RunExclusive } from './cluster-leases.js';
