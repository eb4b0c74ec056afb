import type { DataSource } from 'typeorm';
import type { ViewerScope } from '../viewer/index.js';

/** Filters of the Users list: each a case-insensitive "contains". */
export interface UserListFilter {
  username?: string;
  firstName?: string;
  lastName?: string;
  extension?: string;
}

/** A user's place in the list's order (last name, first name, username: the username is unique). */
export interface UserListKey {
  lastName: string;
  firstName: string;
  username: string;
}

export interface UserListQuery {
  scope: ViewerScope;
  filter: UserListFilter;
  /** Used without a cursor only (a page by its number): read and skipped row by row. */
  offset: number;
  limit: number;
  /** The users after this one (the next page), found in the name-order index wherever it lies. */
  after?: UserListKey;
  /** The users before this one (the previous page). */
  before?: UserListKey;
}

export interface UserListLine {
  id: number;
  extension: string;
  partition: string;
}

export interface UserListEntry {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  departmentName: string | null;
  lines: UserListLine[];
}

export interface UserListPage {
  total: number;
  users: UserListEntry[];
}

/** `%` and `_` typed by a person are literal characters, not wildcards. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * One page of the directory's users in a viewer's scope, filtered and sorted
 * by name, with their lines: paged in SQL, so 20,000 users cost one page. The
 * page's ids are read first from `users` alone (in the name-order index when
 * nothing filters), then only those users get their department and lines.
 */
export async function listUsers(ds: DataSource, query: UserListQuery): Promise<UserListPage> {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const { scope, filter } = query;
  if (scope.kind === 'self') {
    where.push('u.username = :self');
    params.self = scope.username;
  } else if (scope.kind === 'departments') {
    if (scope.departments.length === 0) return { total: 0, users: [] };
    where.push('u.department_id IN (SELECT sd.id FROM departments sd WHERE sd.name IN (:...departments))');
    params.departments = scope.departments;
  }
  const columns: Array<[keyof UserListFilter, string]> = [
    ['username', 'u.username'],
    ['firstName', 'u.first_name'],
    ['lastName', 'u.last_name'],
  ];
  // SQLite's LIKE ignores ASCII case as LOWER() does; PostgreSQL's needs ILIKE. No function call per row.
  const like = ds.options.type === 'postgres' ? 'ILIKE' : 'LIKE';
  for (const [key, column] of columns) {
    const value = filter[key]?.trim();
    if (!value) continue;
    where.push(`${column} ${like} :${key} ESCAPE '!'`);
    params[key] = containsPattern(value);
  }
  const extension = filter.extension?.trim();
  if (extension) {
    const lineMatches = `fl.user_id = u.id AND fl.extension ${like} :extension ESCAPE '!'`;
    where.push(`EXISTS (SELECT 1 FROM lines fl WHERE ${lineMatches})`);
    params.extension = containsPattern(extension);
  }
  const base = () => {
    const qb = ds.createQueryBuilder().from('users', 'u');
    where.forEach((w, i) => (i === 0 ? qb.where(w, params) : qb.andWhere(w, params)));
    return qb;
  };
  const countRow = (await base().select('COUNT(*)', 'n').getRawOne()) as { n: string | number } | undefined;
  const { after, before } = query;
  const cursor = before ?? after;
  const direction = before ? 'DESC' : 'ASC';
  const paged = base().select('u.id', 'id');
  // A row value against the name-order index: the page starts where the cursor is, not after skipped rows.
  if (cursor)
    paged.andWhere(`(u.last_name, u.first_name, u.username) ${before ? '<' : '>'} (:kl, :kf, :ku)`, {
      kl: cursor.lastName,
      kf: cursor.firstName,
      ku: cursor.username,
    });
  paged.orderBy('u.last_name', direction).addOrderBy('u.first_name', direction).addOrderBy('u.username', direction);
  if (!cursor) paged.offset(query.offset);
  const pageIds = (await paged.limit(query.limit).getRawMany()) as Array<{ id: number | string }>;
  const ids = pageIds.map((r) => Number(r.id));
  if (before) ids.reverse();
  type Row = { id: number | string; username: string; first_name: string; last_name: string };
  type RowWithDepartment = Row & { department: string | null };
  const found = ids.length
    ? ((await ds
        .createQueryBuilder()
        .from('users', 'u')
        .leftJoin('departments', 'd', 'd.id = u.department_id')
        .select(['u.id AS id', 'u.username AS username', 'u.first_name AS first_name', 'u.last_name AS last_name'])
        .addSelect('d.name', 'department')
        .where('u.id IN (:...ids)', { ids })
        .getRawMany()) as RowWithDepartment[])
    : [];
  const byId = new Map(found.map((r) => [Number(r.id), r]));
  const rows = ids.map((id) => byId.get(id)).filter((r): r is RowWithDepartment => r !== undefined);
  const lines = ids.length
    ? ((await ds
        .createQueryBuilder()
        .from('lines', 'l')
        .select(['l.id AS id', 'l.extension AS extension', 'l.partition AS partition', 'l.user_id AS user_id'])
        .where('l.user_id IN (:...ids)', { ids })
        .orderBy('l.extension', 'ASC')
        .addOrderBy('l.partition', 'ASC')
        .getRawMany()) as Array<{
        id: number | string;
        extension: string;
        partition: string;
        user_id: number | string;
      }>)
    : [];
  const byUser = new Map<number, UserListLine[]>();
  for (const l of lines) {
    const list = byUser.get(Number(l.user_id)) ?? [];
    list.push({ id: Number(l.id), extension: l.extension, partition: l.partition });
    byUser.set(Number(l.user_id), list);
  }
  return {
    total: Number(countRow?.n ?? 0),
    users: rows.map((r) => ({
      id: Number(r.id),
      username: r.username,
      firstName: r.first_name,
      lastName: r.last_name,
      departmentName: r.department,
      lines: byUser.get(Number(r.id)) ?? [],
    })),
  };
}
