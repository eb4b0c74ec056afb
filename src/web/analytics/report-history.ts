import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock.js';
import { reportRunEntity, type ReportRunRow } from '../../store/index.js';

export interface ReportRun {
  title: string;
  href: string;
  ranAt: Date;
}

/**
 * The last reports a person ran from the portal (Home's "Report History"),
 * each with the path that runs it again. The engine keeps no history, so the
 * portal's pages record their runs here; a person keeps their last `keep`.
 */
export interface ReportHistory {
  record(username: string, run: { title: string; href: string }): Promise<void>;
  last(username: string, count: number): Promise<ReportRun[]>;
}

export function createReportHistory(deps: { dataSource: DataSource; clock: Clock; keep?: number }): ReportHistory {
  const repo = () => deps.dataSource.getRepository<ReportRunRow>(reportRunEntity.options.name);
  const keep = deps.keep ?? 20;
  return {
    async record(username, run) {
      if (!run.href.startsWith('/') || run.href.startsWith('//')) throw new Error('a report run is a portal path');
      await repo().insert({
        username,
        title: run.title.slice(0, 200),
        href: run.href.slice(0, 2000),
        ranAt: deps.clock.now(),
      });
      const old = await repo().find({
        where: { username },
        order: { ranAt: 'DESC', id: 'DESC' },
        skip: keep,
        take: 1000,
        select: { id: true },
      });
      if (old.length > 0) await repo().delete(old.map((r) => r.id));
    },
    async last(username, count) {
      const rows = await repo().find({ where: { username }, order: { ranAt: 'DESC', id: 'DESC' }, take: count });
      return rows.map((r) => ({ title: r.title, href: r.href, ranAt: r.ranAt }));
    },
  };
}
