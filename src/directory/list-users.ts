import type { DataSource } from 'typeorm';
import type { ViewerScope } from '../viewer/index.js';

/** Filters of the Users list: each a case-insensitive "contains". */
export interface UserListFilter {
  username?: string;
  firstName?: string;
  lastName?: string;
  extension?: string;
}

export interface UserListQuery {
  scope: ViewerScope;
  filter: UserListFilter;
  offset: number;
  limit: number;
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
  const pageIds = (await base()
    .select('u.id', 'id')
    .orderBy('u.last_name', 'ASC')
    .addOrderBy('u.first_name', 'ASC')
    .addOrderBy('u.username', 'ASC')
    .offset(query.offset)
    .limit(query.limit)
    .getRawMany()) as Array<{ id: number | string }>;
  const ids = pageIds.map((r) => Number(r.id));
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
