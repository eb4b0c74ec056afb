import type { DataSource } from 'typeorm';
import type { Clock } from '../clock.js';
import { BadInputError, ConflictError, ForbiddenError, NotFoundError } from '../errors/index.js';
import { savedReportEntity, type SavedReportRow } from '../store/index.js';
import { builtinReports } from './builtin-reports.js';
import { parseReportOptions, type ReportOptions } from './report-options-schema.js';
import type { ReportViewer } from './report-viewer.js';

export type ReportVisibility = 'builtin' | 'public' | 'personal';

export interface SavedReport {
  /** The stored row's id; null for a built-in report. */
  id: number | null;
  name: string;
  description: string;
  category: string;
  visibility: ReportVisibility;
  /** The user a personal report belongs to; null for public and built-in ones. */
  owner: string | null;
  options: ReportOptions;
  updatedAt: number | null;
}

export interface SaveReportInput {
  name: string;
  description?: string;
  category?: string;
  options: ReportOptions;
  /** Visible to everyone (administrators only); else personal to the viewer. */
  public?: boolean;
}

/** Named report options, public or personal, runnable by name (user guide §2.3 "Save Report"). */
export interface SavedReportService {
  /** Creates or replaces the viewer's personal report, or a public one, of that name. */
  save(input: SaveReportInput, viewer: ReportViewer): Promise<SavedReport>;
  /** The viewer's personal report of that name, else the public one, else the built-in one. */
  find(name: string, viewer: ReportViewer): Promise<SavedReport>;
  /** A stored report by id: the viewer's own personal report or a public one; anyone else's is not found. */
  findById(id: number, viewer: ReportViewer): Promise<SavedReport>;
  /** Built-in, public and the viewer's personal reports. */
  list(viewer: ReportViewer): Promise<SavedReport[]>;
  remove(name: string, viewer: ReportViewer, options?: { public?: boolean }): Promise<void>;
}

/** Words the CLI gives other meanings (`tollgate report calls|costs|trend|list`). */
export const reservedReportNames = ['calls', 'costs', 'trend', 'list'];
const PUBLIC_OWNER = '';

export function createSavedReportService(deps: { dataSource: DataSource; clock: Clock }): SavedReportService {
  const repo = () => deps.dataSource.getRepository<SavedReportRow>(savedReportEntity.options.name);
  const builtins = new Map(builtinReports.map((b) => [b.name, b]));

  function toReport(row: SavedReportRow): SavedReport {
    let options: ReportOptions;
    try {
      options = parseReportOptions(row.options);
    } catch (err) {
      throw new BadInputError(
        `saved report "${row.name}" no longer has valid options (${(err as Error).message}); save it again`,
      );
    }
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      category: row.category,
      visibility: row.owner === PUBLIC_OWNER ? 'public' : 'personal',
      owner: row.owner === PUBLIC_OWNER ? null : row.owner,
      options,
      updatedAt: row.updatedAt,
    };
  }

  function builtin(name: string): SavedReport | null {
    const b = builtins.get(name);
    return b
      ? {
          id: null,
          name,
          description: b.description,
          category: b.category,
          visibility: 'builtin',
          owner: null,
          options: parseReportOptions(b.options),
          updatedAt: null,
        }
      : null;
  }

  function checkName(raw: string): string {
    const name = raw.trim();
    if (!/^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,119}$/u.test(name))
      throw new BadInputError('a report name is 1–120 letters, digits, spaces, dots, dashes or underscores');
    if (reservedReportNames.includes(name.toLowerCase()))
      throw new BadInputError(`"${name}" is reserved (${reservedReportNames.join(', ')})`);
    if (builtins.has(name)) throw new ConflictError(`"${name}" is a built-in report; save under another name`);
    return name;
  }

  return {
    async save(input, viewer) {
      const name = checkName(input.name);
      if (input.public && viewer.role !== 'admin') throw new ForbiddenError('only administrators save public reports');
      const owner = input.public ? PUBLIC_OWNER : viewer.name;
      const now = Math.floor(deps.clock.now().getTime() / 1000);
      const existing = await repo().findOneBy({ owner, name });
      const row = await repo().save({
        ...(existing ?? { createdAt: now, createdBy: viewer.name }),
        name,
        owner,
        description: input.description?.trim() ?? existing?.description ?? '',
        category: input.category?.trim() ?? existing?.category ?? '',
        options: input.options as unknown as Record<string, unknown>,
        updatedAt: now,
      });
      return toReport(row as SavedReportRow);
    },

    async find(name, viewer) {
      const rows = await repo().find({
        where: [
          { name, owner: viewer.name },
          { name, owner: PUBLIC_OWNER },
        ],
      });
      const row = rows.find((r) => r.owner === viewer.name) ?? rows.find((r) => r.owner === PUBLIC_OWNER);
      if (row) return toReport(row);
      const found = builtin(name);
      if (!found) throw new NotFoundError(`no report named "${name}" (tollgate report list shows them)`);
      return found;
    },

    async findById(id, viewer) {
      const row = Number.isSafeInteger(id) ? await repo().findOneBy({ id }) : null;
      if (!row || (row.owner !== PUBLIC_OWNER && row.owner !== viewer.name))
        throw new NotFoundError(`no report with id ${id}`);
      return toReport(row);
    },

    async list(viewer) {
      const rows = await repo().find({
        where: [{ owner: viewer.name }, { owner: PUBLIC_OWNER }],
        order: { name: 'ASC' },
      });
      const stored = rows.flatMap((row) => {
        try {
          return [toReport(row)];
        } catch {
          return [];
        }
      });
      return [
        ...builtinReports.map((b) => builtin(b.name)!),
        ...stored.filter((r) => r.visibility === 'public'),
        ...stored.filter((r) => r.visibility === 'personal'),
      ];
    },

    async remove(name, viewer, options = {}) {
      if (options.public && viewer.role !== 'admin')
        throw new ForbiddenError('only administrators remove public reports');
      if (builtins.has(name)) throw new ForbiddenError(`"${name}" is a built-in report and cannot be removed`);
      const result = await repo().delete({ name, owner: options.public ? PUBLIC_OWNER : viewer.name });
      if (!result.affected)
        throw new NotFoundError(`no ${options.public ? 'public' : 'personal'} report named "${name}"`);
    },
  };
}
