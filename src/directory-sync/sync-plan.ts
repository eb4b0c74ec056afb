import type { DirectorySyncSource } from './sync-model.js';

/** A field's value as the plan compares it: text, or null for empty. */
export type PlanValue = string | null;

export interface FieldChange {
  field: string;
  from: PlanValue;
  to: PlanValue;
}

export interface PlannedAdd {
  key: string;
  values: Record<string, PlanValue>;
}

export interface PlannedChange {
  key: string;
  id: number;
  changes: FieldChange[];
}

export interface PlannedRemove {
  key: string;
  id: number;
}

export interface KindPlan {
  add: PlannedAdd[];
  change: PlannedChange[];
  /** Marked gone, never deleted. */
  remove: PlannedRemove[];
}

export const syncedKinds = ['users', 'lines', 'devices', 'gateways'] as const;
export type SyncedKind = (typeof syncedKinds)[number];

/** What a sync would do (a dry run shows it) or did. Keys: username, extension/partition, device name. */
export interface SyncPlan extends Record<SyncedKind, KindPlan> {
  sources: DirectorySyncSource[];
  /** Departments and cost centres named by users and not yet in the directory (they are never removed). */
  departments: string[];
  costCentres: string[];
  /** References a source named that resolve to nothing, e.g. a phone's line missing from the lines. */
  warnings: string[];
}

export function emptyKindPlan(): KindPlan {
  return { add: [], change: [], remove: [] };
}

/** Added, changed and removed rows of every kind. */
export function planCounts(plan: SyncPlan): Record<SyncedKind, { added: number; changed: number; removed: number }> {
  const counts = (k: KindPlan) => ({ added: k.add.length, changed: k.change.length, removed: k.remove.length });
  return {
    users: counts(plan.users),
    lines: counts(plan.lines),
    devices: counts(plan.devices),
    gateways: counts(plan.gateways),
  };
}

export function planIsEmpty(plan: SyncPlan): boolean {
  return (
    plan.departments.length + plan.costCentres.length === 0 &&
    syncedKinds.every((k) => plan[k].add.length + plan[k].change.length + plan[k].remove.length === 0)
  );
}
