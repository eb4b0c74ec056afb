import type { Request, Router } from 'express';
import type { AdminAccountService } from '../../admin-accounts/index.js';
import type { DirectoryReadModel } from '../../directory/index.js';
import type { SavedReportService } from '../../reports/index.js';
import type { CallsVersion } from '../analytics/calls-version.js';
import { lastCallCountOf, type MyCalls } from '../analytics/my-calls.js';
import type { ReportHistory } from '../analytics/report-history.js';
import { FirstRunPage } from '../pages/first-run-page.js';
import { HomeLiveRegion, HomePage } from '../pages/home-page.js';
import { sendFragment, sendPage } from '../render-page.js';
import { viewerOf } from '../web-request.js';
import type { WebPageDeps } from './web-page-deps.js';

export interface HomeRouteDeps extends WebPageDeps {
  directory: DirectoryReadModel;
  accounts: Pick<AdminAccountService, 'hasAdministrator'>;
  myCalls: MyCalls;
  callsVersion: CallsVersion;
  savedReports: Pick<SavedReportService, 'list'>;
  history: Pick<ReportHistory, 'last'>;
}

/**
 * Home (user guide §2.1), its live part that htmx polls, the first-run page, and the Call Analytics pages still to
 * come.
 */
export function addHomeRoutes(router: Router, deps: HomeRouteDeps): void {
  async function live(req: Request) {
    const viewer = viewerOf(req);
    const top = lastCallCountOf(req.query.top);
    // Read the version first: calls stored while the queries run show at the next poll.
    const version = deps.callsVersion.current();
    const [calls, summary] = await Promise.all([deps.myCalls.lastCalls(viewer, top), deps.myCalls.summary(viewer)]);
    return { top, calls, summary, version };
  }

  router.get('/welcome', async (req, res) => {
    if (await deps.accounts.hasAdministrator()) return res.redirect(303, '/');
    sendPage(res, <FirstRunPage ctx={deps.context(req)} />);
  });
  router.get('/', async (req, res) => {
    const viewer = viewerOf(req);
    const user = viewer.userId === null ? null : await deps.directory.userById(viewer.userId);
    const name = user ? `${user.firstName} ${user.lastName}`.trim() || user.username : viewer.username;
    const [region, reports, history] = await Promise.all([
      live(req),
      deps.savedReports.list(viewer),
      deps.history.last(viewer.username, 5),
    ]);
    sendPage(res, <HomePage ctx={deps.context(req)} props={{ name, ...region, reports, history }} />);
  });
  // htmx polls this with the version the page shows; 204 (nothing to swap) until calls are stored.
  router.get('/home/live', async (req, res) => {
    if (String(req.query.version) === String(deps.callsVersion.current())) return res.status(204).end();
    sendFragment(res, <HomeLiveRegion ctx={deps.context(req)} props={await live(req)} />);
  });
}
