import type { Request, Router } from 'express';
import type { AuditFilter, ViewerAuditQueries } from '../../audit/index.js';
import { csvField } from '../../reports/index.js';
import { addDays, startOfLocalDay } from '../../../tariffs/index.js';
import { AuditPage, type AuditPageFilter } from '../pages/audit-page.js';
import { sendPage } from '../render-page.js';
import { viewerOf } from '../web-request.js';
import type { WebPageDeps } from './web-page-deps.js';

export interface AuditRouteDeps extends WebPageDeps {
  audit: ViewerAuditQueries;
  pageSize: number;
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A local day's first instant in the viewer's time zone; `next` gives the day after (an inclusive "to"). */
function dayStart(text: string | undefined, timeZone: string, next = false): Date | undefined {
  const m = text ? dayPattern.exec(text) : null;
  if (!m) return undefined;
  const day = addDays({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, next ? 1 : 0);
  return new Date(startOfLocalDay(day, timeZone));
}

function filterOf(req: Request): { typed: AuditPageFilter; filter: AuditFilter } {
  const typed: AuditPageFilter = {};
  for (const name of ['from', 'to', 'actor', 'action'] as const) {
    const value = req.query[name];
    if (typeof value === 'string' && value.trim()) typed[name] = value.trim().slice(0, 120);
  }
  if (typed.from && !dayPattern.test(typed.from)) delete typed.from;
  if (typed.to && !dayPattern.test(typed.to)) delete typed.to;
  const { timeZone } = viewerOf(req);
  const from = dayStart(typed.from, timeZone);
  const to = dayStart(typed.to, timeZone, true);
  const filter: AuditFilter = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  if (typed.actor) filter.actor = typed.actor;
  if (typed.action) filter.action = typed.action;
  return { typed, filter };
}

const csvColumns = ['at', 'actor', 'role', 'via', 'from', 'action', 'target', 'detail'];

/** Administration's Audit page and its CSV export (administrators only; the queries refuse everyone else). */
export function addAuditRoutes(router: Router, deps: AuditRouteDeps): void {
  router.get('/audit', async (req, res) => {
    const viewer = viewerOf(req);
    const { typed, filter } = filterOf(req);
    const page = Math.max(1, Math.min(1_000_000, Number(req.query.page) || 1));
    const rows = await deps.audit.list(viewer, {
      ...filter,
      limit: deps.pageSize + 1,
      offset: (page - 1) * deps.pageSize,
    });
    const props = { entries: rows.slice(0, deps.pageSize), filter: typed, page, hasNext: rows.length > deps.pageSize };
    sendPage(res, <AuditPage ctx={deps.context(req)} props={props} />);
  });
  router.get('/audit.csv', async (req, res) => {
    const entries = deps.audit.entries(viewerOf(req), filterOf(req).filter);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="audit-log.csv"');
    const line = (fields: string[]) => `${fields.map(csvField).join(',')}\r\n`;
    res.write(line(csvColumns));
    for await (const e of entries) {
      const fields = [
        e.at.toISOString(),
        e.actor,
        e.role,
        e.via,
        e.from,
        e.action,
        e.target,
        Object.keys(e.detail).length ? JSON.stringify(e.detail) : '',
      ];
      if (!res.write(line(fields))) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  });
}
