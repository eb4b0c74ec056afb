import type { Router } from 'express';
import { createViewerBudgetQueries, type BudgetReadModel } from '../../budgets/index.js';
import type { DirectoryReadModel } from '../../directory/index.js';
import { BadInputError } from '../../errors/index.js';
import { createViewerLockService, type LockService } from '../../locks/index.js';
import { callTypes, type CallType } from '../analytics/call-type.js';
import { outgoingRanges, type MyCalls, type OutgoingRange } from '../analytics/my-calls.js';
import type { ChartSpec } from '../analytics/render-chart-svg.js';
import { gadgetPaths } from '../components/gadget-layout.js';
import { BudgetControlGadget, CallAnalyticsGadget, PhoneLockGadget } from '../pages/gadget-pages.js';
import { sendPage } from '../render-page.js';
import { redirectAfterChange, viewerOf } from '../web-request.js';
import type { WebPageDeps } from './web-page-deps.js';

export interface GadgetRouteDeps extends WebPageDeps {
  myCalls: MyCalls;
  locks: LockService;
  directory: DirectoryReadModel;
  budgets: { readModel: BudgetReadModel };
  draw: (spec: ChartSpec) => string;
}

const GADGET_CALLS = 20;

/** The three gadgets for Jabber custom tabs and Webex embedded apps (user guide §5). */
export function addGadgetRoutes(router: Router, deps: GadgetRouteDeps): void {
  const locks = createViewerLockService({ locks: deps.locks, lines: deps.directory });
  const budgets = createViewerBudgetQueries({ readModel: deps.budgets.readModel, directory: deps.directory });

  router.get(gadgetPaths.callAnalytics, async (req, res) => {
    const viewer = viewerOf(req);
    const range = (outgoingRanges as string[]).includes(String(req.query.range))
      ? (req.query.range as OutgoingRange)
      : 'today';
    const type = (callTypes as string[]).includes(String(req.query.type)) ? (req.query.type as CallType) : null;
    const [trend, calls] = await Promise.all([
      deps.myCalls.outgoingTrend(viewer, range),
      deps.myCalls.lastCalls(viewer, GADGET_CALLS, type),
    ]);
    sendPage(
      res,
      <CallAnalyticsGadget ctx={deps.context(req)} props={{ range, type, trend, calls, draw: deps.draw }} />,
    );
  });
  router.get(gadgetPaths.budgetControl, async (req, res) => {
    const viewer = viewerOf(req);
    const mine = await budgets.mine(viewer);
    const withCalls = await Promise.all(
      mine.map(async (budget) => ({
        budget,
        calls: await deps.myCalls.countedCalls(viewer, budget.status.period, 10),
      })),
    );
    sendPage(res, <BudgetControlGadget ctx={deps.context(req)} props={{ budgets: withCalls, draw: deps.draw }} />);
  });
  router.get(gadgetPaths.phoneLock, async (req, res) => {
    const ctx = deps.context(req);
    const done =
      req.query.done === 'locked'
        ? 'myPhone.done.locked'
        : req.query.done === 'unlocked'
          ? 'myPhone.done.unlocked'
          : null;
    sendPage(
      res,
      <PhoneLockGadget
        ctx={ctx}
        props={{ lines: await locks.ownLines(viewerOf(req)), notice: done ? ctx.t(done) : undefined }}
      />,
    );
  });
  router.post(`${gadgetPaths.phoneLock}/lines/:lineId/lock`, async (req, res) => {
    const lineId = Number(req.params.lineId);
    if (!Number.isInteger(lineId) || lineId <= 0) throw new BadInputError('bad line id');
    const locked = (req.body as Record<string, unknown>).locked === '1';
    await locks.setUserLock(viewerOf(req), lineId, locked);
    redirectAfterChange(res, `${gadgetPaths.phoneLock}?done=${locked ? 'locked' : 'unlocked'}`);
  });
}
