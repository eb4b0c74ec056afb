import type { DirectorySnapshot } from '../directory/index.js';
import type { Budget, SubjectId } from './budget-types.js';

type SnapshotUser = DirectorySnapshot['users'][number];

/** A recipient of a notice, with the language to write in. */
export interface Recipient {
  address: string;
  name: string;
  language: string;
  role: 'user' | 'manager' | 'admin' | 'extra';
}

/** Who is who as the budget engine needs it, indexed once per directory change. */
export interface BudgetDirectory {
  user(id: number): SnapshotUser | undefined;
  /** Current members of a budget (the user; or the group's users minus exclusions). */
  members(budget: Budget): number[];
  /** Lines of these users, ascending. */
  linesOf(userIds: readonly number[]): number[];
  /** The name a notice calls the budget's subject by: a person, or a department/cost centre. */
  subjectName(budget: Budget, subject: SubjectId): string;
  /** Users and managers to notify; admins and extra addresses are added by the caller. */
  people(
    budget: Budget,
    subject: SubjectId,
    who: { user: boolean; manager: boolean },
  ): { recipients: Recipient[]; missing: string[] };
}

export function indexDirectory(snapshot: DirectorySnapshot, defaultLanguage: string): BudgetDirectory {
  const users = new Map(snapshot.users.map((u) => [u.id, u]));
  const byUsername = new Map(snapshot.users.map((u) => [u.username, u]));
  const departments = new Map(snapshot.departments.map((d) => [d.id, d]));
  const costCentres = new Map(snapshot.costCentres.map((c) => [c.id, c]));
  const linesByUser = new Map<number, number[]>();
  for (const line of snapshot.lines) {
    if (line.userId !== null) linesByUser.set(line.userId, [...(linesByUser.get(line.userId) ?? []), line.id]);
  }
  const nameOf = (u: SnapshotUser) => `${u.firstName} ${u.lastName}`.trim() || u.username;

  function members(budget: Budget): number[] {
    if (budget.scope === 'user') return users.has(budget.scopeId) ? [budget.scopeId] : [];
    const excluded = new Set(budget.excludedUserIds);
    return snapshot.users
      .filter(
        (u) =>
          (budget.scope === 'department' ? u.departmentId : u.costCentreId) === budget.scopeId && !excluded.has(u.id),
      )
      .map((u) => u.id)
      .sort((a, b) => a - b);
  }

  function groupManager(budget: Budget): string | null {
    if (budget.scope === 'department') return departments.get(budget.scopeId)?.managerUsername ?? null;
    if (budget.scope === 'cost-centre') return costCentres.get(budget.scopeId)?.managerUsername ?? null;
    return null;
  }

  return {
    user: (id) => users.get(id),
    members,
    linesOf(userIds) {
      return [...new Set(userIds.flatMap((id) => linesByUser.get(id) ?? []))].sort((a, b) => a - b);
    },
    subjectName(budget, subject) {
      const person = users.get(budget.scope === 'user' ? budget.scopeId : subject);
      if (person && (budget.scope === 'user' || budget.sharing === 'per-member')) return nameOf(person);
      if (budget.scope === 'department')
        return departments.get(budget.scopeId)?.name ?? `department #${budget.scopeId}`;
      if (budget.scope === 'cost-centre') {
        const cc = costCentres.get(budget.scopeId);
        return cc ? `${cc.code}${cc.name ? ` ${cc.name}` : ''}` : `cost centre #${budget.scopeId}`;
      }
      return `user #${budget.scopeId}`;
    },
    people(budget, subject, who) {
      const recipients: Recipient[] = [];
      const missing: string[] = [];
      const add = (u: SnapshotUser | undefined, role: Recipient['role'], label: string) => {
        if (!u) return void missing.push(`${label}: not in the directory`);
        if (u.email === '') return void missing.push(`${label} ${u.username}: no e-mail address`);
        recipients.push({ address: u.email, name: nameOf(u), language: u.language ?? defaultLanguage, role });
      };
      const personal =
        budget.scope === 'user' ? [budget.scopeId] : budget.sharing === 'per-member' ? [subject] : members(budget);
      if (who.user) for (const id of personal) add(users.get(id), 'user', 'user');
      if (who.manager) {
        const single = budget.scope === 'user' || budget.sharing === 'per-member';
        const managerName = (single ? users.get(personal[0] ?? -1)?.managerUsername : null) ?? groupManager(budget);
        if (managerName === null || managerName === undefined) missing.push('manager: none in the directory');
        else add(byUsername.get(managerName), 'manager', 'manager');
      }
      return { recipients, missing };
    },
  };
}
