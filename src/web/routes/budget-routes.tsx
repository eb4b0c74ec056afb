import type { Request, Response, Router } from 'express';
import type { AuditRecorder } from '../../audit/index.js';
import {
  createViewerBudgetQueries,
  parseMoney,
  type Actor,
  type Budget,
  type BudgetReadModel,
  type BudgetService,
} from '../../budgets/index.js';
import type { DirectoryReadModel } from '../../directory/index.js';
import { BadInputError } from '../../errors/index.js';
import { assertRole, type Viewer } from '../../viewer/index.js';
import { budgetActualCsv, budgetActualWorkbook, budgetAgainstActual } from '../budget-export.js';
import { exclusionChangesFromForm, thresholdsFromForm } from '../budget-rules-form.js';
import { HistoryTable, MyBudgetsPage } from '../pages/my-budgets-page.js';
import { BudgetsPage, type BudgetsPageProps } from '../pages/budgets-page.js';
import { Layout } from '../components/layout.js';
import { sendPage } from '../render-page.js';
import { clientAddress, redirectAfterChange, viewerOf } from '../web-request.js';
import type { WebPageDeps } from './web-page-deps.js';

export interface BudgetRouteDeps extends WebPageDeps {
  budgets: { readModel: BudgetReadModel; service: BudgetService };
  directory: DirectoryReadModel;
  audit: AuditRecorder;
}

const adminDone = {
  created: 'budgets.admin.done.created',
  saved: 'budgets.admin.done.saved',
  removed: 'budgets.admin.done.removed',
  credited: 'budgets.admin.done.credited',
} as const;

function idOf(req: Request): number {
  const id = Number(req.params.budgetId);
  if (!Number.isInteger(id) || id <= 0) throw new BadInputError('bad budget id');
  return id;
}

function form(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    out[k] = typeof v === 'string' ? v : Array.isArray(v) ? String(v[v.length - 1]) : '';
  }
  return out;
}

const actorOf = (viewer: Viewer): Actor => ({ actor: viewer.username, via: 'web' });

/**
 * Budget Control: My budgets for everyone (their scope only), Budgets for administrators (the CLI's rules and
 * messages).
 */
export function addBudgetRoutes(router: Router, deps: BudgetRouteDeps): void {
  const queries = createViewerBudgetQueries({ readModel: deps.budgets.readModel, directory: deps.directory });
  const { service } = deps.budgets;
  /** An administrator's change in the audit log, named as the CLI names it. */
  const audited = (req: Request, viewer: Viewer, action: string, target: string, detail: Record<string, unknown>) =>
    deps.audit.record({
      actor: viewer.username,
      role: viewer.role,
      via: 'web',
      from: clientAddress(req),
      action,
      target,
      detail,
    });

  router.get('/budgets/mine', async (req, res) => {
    sendPage(res, <MyBudgetsPage ctx={deps.context(req)} props={{ budgets: await queries.mine(viewerOf(req)) }} />);
  });
  router.get('/budgets/mine/:budgetId/history', async (req, res) => {
    const viewer = viewerOf(req);
    const budgetId = idOf(req);
    const entries = await queries.history(viewer, budgetId);
    const budgets = (await queries.mine(viewer)).filter((b) => b.status.budget.id === budgetId);
    sendPage(res, <MyBudgetsPage ctx={deps.context(req)} props={{ budgets, history: { budgetId, entries } }} />);
  });

  /** The usernames of the members a budget leaves out (a user who left the directory shows as their id). */
  const excludedNamesOf = (budget: Budget) =>
    Promise.all(budget.excludedUserIds.map(async (id) => (await deps.directory.userById(id))?.username ?? String(id)));
  async function adminPage(req: Request, res: Response, extra: Omit<BudgetsPageProps, 'budgets'> = {}, status = 200) {
    const viewer = viewerOf(req);
    const budgets = await queries.all(viewer);
    const excludedNames: Record<number, string[]> = {};
    for (const { budget } of budgets) {
      if (budget.excludedUserIds.length > 0) excludedNames[budget.id] = await excludedNamesOf(budget);
    }
    sendPage(res, <BudgetsPage ctx={deps.context(req)} props={{ budgets, excludedNames, ...extra }} />, status);
  }
  const admin = (req: Request) => {
    const viewer = viewerOf(req);
    assertRole(viewer, 'admin');
    return viewer;
  };
  /** A refused change shows the service's message (the CLI's words) on the page. */
  async function orRefused(req: Request, res: Response, change: () => Promise<string>, draft?: Record<string, string>) {
    try {
      redirectAfterChange(res, await change());
    } catch (err) {
      if (
        !(err instanceof BadInputError) &&
        !(err instanceof Error && 'httpStatus' in err && (err as { httpStatus: number }).httpStatus === 409)
      )
        throw err;
      await adminPage(req, res, { error: err.message, ...(draft ? { draft } : {}) }, 400);
    }
  }

  router.get('/budgets', async (req, res) => {
    admin(req);
    const ctx = deps.context(req);
    const key = adminDone[String(req.query.done) as keyof typeof adminDone];
    const name = typeof req.query.name === 'string' ? req.query.name.slice(0, 120) : '';
    await adminPage(req, res, key ? { notice: ctx.t(key, { name }) } : {});
  });
  router.post('/budgets', async (req, res) => {
    const viewer = admin(req);
    const f = form(req);
    await orRefused(
      req,
      res,
      async () => {
        const currency = (f.currency ?? '').trim().toUpperCase();
        const scope = f.scope as 'user' | 'department' | 'cost-centre';
        const budget = await service.add(
          {
            name: f.name ?? '',
            scope,
            target: (f.target ?? '').trim(),
            sharing: scope === 'user' ? 'single' : f.sharing === 'per-member' ? 'per-member' : 'pool',
            period: f.period as 'month',
            amountMinor: parseMoney(f.amount ?? '', currency),
            currency,
            rollover: f.rollover === '1',
            denyWhenSpent: f.deny === '1',
          },
          actorOf(viewer),
        );
        await audited(req, viewer, 'budget.create', budget.name, {
          id: budget.id,
          scope: budget.scope,
          amountMinor: budget.amountMinor,
          currency: budget.currency,
        });
        return `/budgets?done=created&name=${encodeURIComponent(budget.name)}`;
      },
      f,
    );
  });
  router.post('/budgets/:budgetId', async (req, res) => {
    const viewer = admin(req);
    const f = form(req);
    await orRefused(req, res, async () => {
      const before = await service.get(idOf(req));
      const thresholds = thresholdsFromForm(f);
      const changes = {
        name: f.name,
        amountMinor: parseMoney(f.amount ?? '', before.currency),
        rollover: f.rollover === '1',
        denyWhenSpent: f.deny === '1',
        ...(thresholds ? { thresholds } : {}),
        ...(before.scope === 'user' ? {} : exclusionChangesFromForm(f, await excludedNamesOf(before))),
      };
      const budget = await service.adjust(before.id, changes, actorOf(viewer));
      await audited(req, viewer, 'budget.update', budget.name, { id: budget.id, changes });
      return `/budgets?done=saved&name=${encodeURIComponent(budget.name)}`;
    });
  });
  router.post('/budgets/:budgetId/credit', async (req, res) => {
    const viewer = admin(req);
    const f = form(req);
    await orRefused(req, res, async () => {
      const before = await service.get(idOf(req));
      const input = {
        amountMinor: parseMoney(f.amount ?? '', before.currency),
        ...(f.member ? { member: f.member } : {}),
        ...(f.reason ? { reason: f.reason } : {}),
      };
      await service.credit(before.id, input, actorOf(viewer));
      await audited(req, viewer, 'budget.credit', before.name, { id: before.id, currency: before.currency, ...input });
      return '/budgets?done=credited';
    });
  });
  router.post('/budgets/:budgetId/remove', async (req, res) => {
    const viewer = admin(req);
    await orRefused(req, res, async () => {
      const before = await service.get(idOf(req));
      await service.remove(before.id, actorOf(viewer));
      await audited(req, viewer, 'budget.remove', before.name, { id: before.id });
      return '/budgets?done=removed';
    });
  });
  router.get('/budgets/:budgetId/history', async (req, res) => {
    const viewer = admin(req);
    const budget = await deps.budgets.readModel.find(idOf(req));
    const entries = await queries.history(viewer, budget.id);
    const ctx = deps.context(req);
    sendPage(
      res,
      <Layout ctx={ctx} title={`${budget.name} · ${ctx.t('budgets.history')}`}>
        <p>
          <a href="/budgets">{ctx.t('nav.budgets')}</a>
        </p>
        <HistoryTable ctx={ctx} entries={entries} currency={budget.currency} />
      </Layout>,
    );
  });
  router.get('/budgets/export.:format', async (req, res) => {
    const viewer = admin(req);
    const rows = await budgetAgainstActual(deps.budgets.readModel, await queries.all(viewer));
    if (req.params.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="budget-against-actual.csv"');
      return res.send(budgetActualCsv(rows));
    }
    if (req.params.format !== 'xlsx') throw new BadInputError('csv or xlsx');
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', 'attachment; filename="budget-against-actual.xlsx"');
    res.send(await budgetActualWorkbook(rows));
  });
}
