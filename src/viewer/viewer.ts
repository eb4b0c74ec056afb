import { ForbiddenError, NotFoundError } from '../errors/index.js';

export type ViewerRole = 'admin' | 'supervisor' | 'user';

/**
 * Who asks, as the CLI, SOAP and reports know them: a name and a role, with the
 * departments a supervisor is limited to and the directory username whose own
 * data a user sees (defaults to `name`). `mask` forces privacy masking.
 */
export interface ViewerIdentity {
  name: string;
  role: ViewerRole;
  /** Department names a supervisor is limited to. */
  departments?: string[];
  /** Directory username whose own calls and lines a user sees (defaults to `name`). */
  username?: string;
  mask?: boolean;
  /** The language the answer's words are in (a report's filter and headings); absent: English. */
  language?: string;
}

/**
 * Who is asking, as the web session builds it and every service call receives
 * it: the services apply the scope (a user: their own lines and budgets; a
 * supervisor: the users of their departments; an administrator: everyone).
 */
export interface Viewer extends ViewerIdentity {
  username: string;
  /** The directory user; null for an account with no directory user (e.g. an administrator `root`). */
  userId: number | null;
  departments: string[];
  language: string;
  timeZone: string;
}

/** What a viewer may see: everything, some departments' users, or one directory user. */
export type ViewerScope =
  | { kind: 'all' }
  | { kind: 'departments'; departments: string[] }
  | { kind: 'self'; username: string; userId: number | null };

export function viewerScope(viewer: ViewerIdentity & { userId?: number | null }): ViewerScope {
  if (viewer.role === 'admin') return { kind: 'all' };
  if (viewer.role === 'supervisor') return { kind: 'departments', departments: viewer.departments ?? [] };
  return { kind: 'self', username: viewer.username ?? viewer.name, userId: viewer.userId ?? null };
}

/** The directory facts about a user that scope decisions need. */
export interface ScopedUser {
  id: number;
  departmentName: string | null;
}

/**
 * Whether the viewer may see and act on this user's lines, budgets and PIN:
 * themselves always; a supervisor the users of their departments; an administrator anyone.
 */
export function mayActOnUser(viewer: Viewer, user: ScopedUser | null): boolean {
  if (viewer.role === 'admin') return true;
  if (user === null) return false;
  if (viewer.userId !== null && user.id === viewer.userId) return true;
  return (
    viewer.role === 'supervisor' && user.departmentName !== null && viewer.departments.includes(user.departmentName)
  );
}

/**
 * Refuses what lies outside the viewer's scope as not found, so that a user
 * cannot learn which other users, lines or budgets exist.
 */
export function assertMayActOnUser(viewer: Viewer, user: ScopedUser | null, what: string): void {
  if (!mayActOnUser(viewer, user)) throw new NotFoundError(`no ${what}`);
}

/** Refuses a viewer below the role a page or action needs (403: the page exists, it is not theirs). */
export function assertRole(viewer: Viewer, ...roles: ViewerRole[]): void {
  if (!roles.includes(viewer.role)) throw new ForbiddenError('not allowed for your role');
}
