import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Clock } from '../clock.js';
import { BadInputError } from '../errors/index.js';
import { auditLogEntity, type AuditChannel, type AuditLogRow } from '../store/index.js';

/** What a door records: who acted, in which role, through which door and from where, what they did to what. */
export interface AuditEntry {
  actor: string;
  /** 'admin', 'supervisor', or the CLI's 'admin'. */
  role: string;
  via: AuditChannel;
  /** Client address (SOAP, web) or host name (CLI). */
  from: string;
  /** Dotted name, e.g. 'lock.set', 'pin.reset', 'budget.create', 'admin-account.create', 'tariffs.reload'. */
  action: string;
  /** What was acted on: an extension, a budget, an account name, files. */
  target: string;
  /** Further facts; never secrets (PINs, passwords). */
  detail?: Record<string, unknown>;
}

/** Who acted and through which door: what a service that audits its own actions is told by the edge. */
export type AuditActor = Pick<AuditEntry, 'actor' | 'role' | 'via' | 'from'>;

export interface AuditRecord extends Omit<AuditEntry, 'detail'> {
  id: number;
  at: Date;
  detail: Record<string, unknown>;
}

export interface AuditFilter {
  from?: Date;
  to?: Date;
  actor?: string;
  /** An action, or a family when it ends with '.' ('lock.' = lock.set and lock.clear). */
  action?: string;
}

export interface AuditService {
  /** Appends an entry; inside the caller's transaction when `manager` is given. */
  record(entry: AuditEntry, manager?: EntityManager): Promise<void>;
  /** Newest first. */
  list(filter: AuditFilter & { limit: number; offset: number }): Promise<AuditRecord[]>;
  /** Every matching entry, oldest first, read page by page (exports). */
  entries(filter: AuditFilter): AsyncIterable<AuditRecord>;
}

/** Only what record() needs: what services that audit their own actions depend on. */
export type AuditRecorder = Pick<AuditService, 'record'>;

const PAGE = 500;
const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

export function createAuditService(deps: { dataSource: DataSource; clock: Clock }): AuditService {
  const name = auditLogEntity.options.name;
  const repo = () => deps.dataSource.getRepository<AuditLogRow>(name);

  function query(filter: AuditFilter): SelectQueryBuilder<AuditLogRow> {
    const q = repo().createQueryBuilder('a');
    if (filter.from) q.andWhere('a.at >= :from', { from: filter.from.getTime() });
    if (filter.to) q.andWhere('a.at < :to', { to: filter.to.getTime() });
    if (filter.actor) q.andWhere('a.actor = :actor', { actor: filter.actor });
    if (filter.action?.endsWith('.'))
      q.andWhere('a.action LIKE :family', { family: `${filter.action.replace(/[%_]/g, '')}%` });
    else if (filter.action) q.andWhere('a.action = :action', { action: filter.action });
    return q;
  }

  return {
    async record(entry, manager) {
      const row: Omit<AuditLogRow, 'id'> = {
        at: deps.clock.now(),
        actor: clip(entry.actor, 120),
        role: clip(entry.role, 16),
        via: entry.via,
        from: clip(entry.from, 255),
        action: clip(entry.action, 40),
        target: clip(entry.target, 255),
        detail: JSON.stringify(entry.detail ?? {}),
      };
      await (manager ?? deps.dataSource.manager).insert(name, row);
    },
    async list({ limit, offset, ...filter }) {
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new BadInputError('limit is 1 to 10000');
      const rows = await query(filter).orderBy('a.id', 'DESC').limit(limit).offset(Math.max(0, offset)).getMany();
      return rows.map(toRecord);
    },
    async *entries(filter) {
      let afterId = 0;
      for (;;) {
        const rows = await query(filter)
          .andWhere('a.id > :afterId', { afterId })
          .orderBy('a.id', 'ASC')
          .limit(PAGE)
          .getMany();
        for (const row of rows) yield toRecord(row);
        if (rows.length < PAGE) return;
        afterId = rows[rows.length - 1]!.id;
      }
    },
  };
}

function toRecord(row: AuditLogRow): AuditRecord {
  let detail: Record<string, unknown> = {};
  try {
    detail = JSON.parse(row.detail) as Record<string, unknown>;
  } catch {
    detail = { text: row.detail };
  }
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    role: row.role,
    via: row.via,
    from: row.from,
    action: row.action,
    target: row.target,
    detail,
  };
}
