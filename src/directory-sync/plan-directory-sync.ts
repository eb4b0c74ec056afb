import { emptyKindPlan, type FieldChange, type KindPlan, type PlanValue, type SyncPlan } from './sync-plan.js';
import {
  lineKeyOf,
  type DirectorySyncSource,
  type SourceData,
  type SourcePerson,
  type SyncPrecedence,
} from './sync-model.js';

/** A stored row as the plan compares it (values in the plan's field names, '' as null). */
export interface CurrentRow {
  id: number;
  key: string;
  syncSource: DirectorySyncSource | null;
  goneAt: number | null;
  values: Record<string, PlanValue>;
}

export interface CurrentDirectory {
  users: CurrentRow[];
  lines: CurrentRow[];
  devices: CurrentRow[];
  gateways: CurrentRow[];
  departments: ReadonlySet<string>;
  costCentres: ReadonlySet<string>;
}

/**
 * A source's rows as (key, values) pairs, made one at a time while the diff reads them: the values of an unchanged
 * row are dropped at once (they die young, never all held at once, never promoted into V8's old space).
 */
type Desired = Iterable<readonly [string, Record<string, PlanValue>]>;
type Offered = Map<string, Record<string, PlanValue>>;
function* each<T>(items: Iterable<T>, entry: (item: T) => readonly [string, Record<string, PlanValue>]): Desired {
  for (const item of items) yield entry(item);
}
const personFields = ['firstName', 'lastName', 'email', 'language', 'department', 'costCentre', 'manager'] as const;
const text = (v: string | null | undefined): PlanValue | undefined =>
  v === undefined ? undefined : v === null || v.trim() === '' ? null : v.trim();

/**
 * What a sync of the fetched sources changes in the directory (pure).
 *
 * Precedence (docs/manual/directory-sync.md): the people source decides which users exist; each of their
 * fields is its value, else the other source's when that one ran too. A run of the other source
 * alone only fills fields that are empty. The lines source decides which lines exist; AXL also
 * gives phones and gateways. A line's owner is the one AXL names, else the LDAP user whose extension
 * it is, else unchanged. A row is removed (marked gone) only by a run of the source that keeps it;
 * rows loaded from CSV files are adopted when a source lists them and never removed.
 */
export function planDirectorySync(
  current: CurrentDirectory,
  fetched: SourceData[],
  precedence: SyncPrecedence,
): SyncPlan {
  const bySource = new Map(fetched.map((d) => [d.source, d]));
  const other = (s: DirectorySyncSource): DirectorySyncSource => (s === 'ldap' ? 'axl' : 'ldap');
  const plan: SyncPlan = {
    sources: fetched.map((d) => d.source),
    departments: [],
    costCentres: [],
    warnings: [],
    users: emptyKindPlan(),
    lines: emptyKindPlan(),
    devices: emptyKindPlan(),
    gateways: emptyKindPlan(),
  };

  // People.
  const primaryPeople = bySource.get(precedence.people)?.people ?? null;
  const secondaryPeople = bySource.get(other(precedence.people))?.people ?? null;
  const secondaryByName = new Map((secondaryPeople ?? []).map((p) => [p.username, p]));
  if (primaryPeople) {
    const desired = each(primaryPeople, (p) => [p.username, mergePerson(p, secondaryByName.get(p.username))]);
    plan.users = diffKind(precedence.people, desired, current.users);
  } else if (secondaryPeople) {
    plan.users = fillEmpty(current.users, new Map(secondaryPeople.map((p) => [p.username, personValues(p)])));
  }

  const liveUsers = new Set(current.users.filter((u) => u.goneAt === null).map((u) => u.key));
  for (const r of plan.users.remove) liveUsers.delete(r.key);
  for (const a of plan.users.add) liveUsers.add(a.key);
  for (const c of plan.users.change) if (c.changes.some((f) => f.field === 'goneAt')) liveUsers.add(c.key);
  const knownUser = (username: string | null | undefined): PlanValue =>
    username && liveUsers.has(username) ? username : null;

  // Departments and cost centres the users name.
  const named = (field: 'department' | 'costCentre') => [
    ...plan.users.add.map((a) => a.values[field]),
    ...plan.users.change.flatMap((c) => c.changes.filter((f) => f.field === field).map((f) => f.to)),
  ];
  plan.departments = unique(named('department')).filter((d) => !current.departments.has(d));
  plan.costCentres = unique(named('costCentre')).filter((c) => !current.costCentres.has(c));

  // Whose extension a line is, by LDAP (when LDAP ran): only an extension one user has.
  const ldapPeople = bySource.get('ldap')?.people ?? null;
  const ownerByExtension = new Map<string, string | null>();
  for (const p of ldapPeople ?? []) {
    if (p.extension) ownerByExtension.set(p.extension, ownerByExtension.has(p.extension) ? null : p.username);
  }

  // Lines.
  const currentLines = new Map(current.lines.map((l) => [l.key, l]));
  const linesSource = bySource.get(precedence.lines);
  let desiredLineKeys: Set<string> | null = null;
  if (linesSource?.lines) {
    const desired = each(linesSource.lines, (line) => {
      const key = lineKeyOf(line);
      const named = line.owner ? knownUser(line.owner) : null;
      const byExtension = ldapPeople ? knownUser(ownerByExtension.get(line.extension)) : null;
      const owner = named ?? byExtension ?? currentLines.get(key)?.values.owner ?? null;
      const description = text(line.description);
      const values: Record<string, PlanValue> = description === undefined ? { owner } : { description, owner };
      return [key, values];
    });
    desiredLineKeys = new Set();
    plan.lines = diffKind(precedence.lines, desired, current.lines, currentLines, desiredLineKeys);
  } else if (ldapPeople) {
    // The lines source did not run: LDAP only gives owners to lines that have none.
    const owners: Offered = new Map();
    for (const line of current.lines) {
      const [extension = ''] = line.key.split('/');
      const owner = knownUser(ownerByExtension.get(extension));
      if (owner) owners.set(line.key, { owner });
    }
    plan.lines = fillEmpty(current.lines, owners);
  }

  // Phones and gateways (AXL).
  const axl = bySource.get('axl');
  const knownLines = new Set(desiredLineKeys ?? current.lines.filter((l) => l.goneAt === null).map((l) => l.key));
  for (const r of desiredLineKeys ? [] : plan.lines.remove) knownLines.delete(r.key);
  if (axl?.devices) {
    const desired = each(axl.devices, (device) => {
      const keys = device.lines.map(lineKeyOf);
      const missing = keys.filter((k) => !knownLines.has(k));
      if (missing.length > 0)
        plan.warnings.push(`phone ${device.name}: line(s) ${missing.join(', ')} not in the directory`);
      const values = {
        model: text(device.model) ?? null,
        description: text(device.description) ?? null,
        owner: knownUser(device.owner),
        lines: keys.filter((k) => knownLines.has(k)).join(';') || null,
      };
      return [device.name, values];
    });
    plan.devices = diffKind('axl', desired, current.devices);
  }
  if (axl?.gateways) {
    const desired = each(axl.gateways, (g) => [
      g.deviceName,
      { kind: g.kind, description: text(g.description) ?? null },
    ]);
    plan.gateways = diffKind('axl', desired, current.gateways);
  }
  return plan;
}

function personValues(person: SourcePerson): Record<string, PlanValue> {
  const values: Record<string, PlanValue> = {};
  for (const field of personFields) {
    const value = text(person[field]);
    if (value !== undefined) values[field] = value;
  }
  return values;
}

/** The people source's value of each field, else the other source's. */
function mergePerson(primary: SourcePerson, secondary: SourcePerson | undefined): Record<string, PlanValue> {
  const first = personValues(primary);
  const second = secondary ? personValues(secondary) : {};
  const merged: Record<string, PlanValue> = {};
  for (const field of personFields) {
    if (!(field in first) && !(field in second)) continue;
    merged[field] = first[field] ?? second[field] ?? null;
  }
  return merged;
}

/**
 * Adds, changes (including adoption and revival) and removals of one kind a source keeps. A key the source lists
 * twice is planned from its first row. `seen` collects the source's keys.
 */
function diffKind(
  source: DirectorySyncSource,
  desired: Desired,
  current: CurrentRow[],
  byKey: ReadonlyMap<string, CurrentRow> = new Map(current.map((row) => [row.key, row])),
  seen = new Set<string>(),
): KindPlan {
  const plan = emptyKindPlan();
  for (const [key, values] of desired) {
    if (seen.has(key)) continue;
    seen.add(key);
    const row = byKey.get(key);
    if (!row) {
      // The desired values become the added row's (no copy: see createAxlRowMapper on spreading).
      values.syncSource = source;
      plan.add.push({ key, values });
      continue;
    }
    // Most rows of a re-sync are unchanged: compare without building anything for them.
    const changes: FieldChange[] = [];
    for (const field in values) {
      const from = row.values[field] ?? null;
      if (from !== values[field]) changes.push({ field, from, to: values[field] ?? null });
    }
    if (row.syncSource !== source) changes.push({ field: 'syncSource', from: row.syncSource, to: source });
    if (row.goneAt !== null) changes.push({ field: 'goneAt', from: new Date(row.goneAt).toISOString(), to: null });
    if (changes.length > 0) plan.change.push({ key, id: row.id, changes });
  }
  for (const row of current) {
    if (row.syncSource === source && row.goneAt === null && !seen.has(row.key))
      plan.remove.push({ key: row.key, id: row.id });
  }
  return plan;
}

/**
 * Sets only fields that are empty on live rows: a source that does not decide a kind never overrides the one that
 * does.
 */
function fillEmpty(current: CurrentRow[], offered: Offered): KindPlan {
  const plan = emptyKindPlan();
  for (const row of current) {
    const values = offered.get(row.key);
    if (!values || row.goneAt !== null) continue;
    const changes = Object.entries(values)
      .filter(([field, to]) => to !== null && (row.values[field] ?? null) === null)
      .map(([field, to]) => ({ field, from: null, to }));
    if (changes.length > 0) plan.change.push({ key: row.key, id: row.id, changes });
  }
  return plan;
}

function unique(values: Array<PlanValue | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string'))].sort();
}
