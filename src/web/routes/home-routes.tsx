import type { Router } from 'express';
import type { AdminAccountService } from '../../admin-accounts/index.js';
import type { DirectoryReadModel } from '../../directory/index.js';
import { ComingSoonPage, comingSoonPages } from '../pages/coming-soon-page.js';
import { FirstRunPage } from '../pages/first-run-page.js';
import { HomePage } from '../pages/home-page.js';
import { sendPage } from '../render-page.js';
import { viewerOf } from '../web-request.js';
import type { WebPageDeps } from './web-page-deps.js';

/** Home, the first-run page, and the Call Analytics pages still to come. */
export function addHomeRoutes(router: Router, deps: WebPageDeps & { directory: DirectoryReadModel; accounts: Pick<AdminAccountService, 'hasAdministrator'> }): void {
  router.get('/welcome', async (req, res) => {
    if (await deps.accounts.hasAdministrator()) return res.redirect(303, '/');
    sendPage(res, <FirstRunPage ctx={deps.context(req)} />);
  });
  router.get('/', async (req, res) => {
    const viewer = viewerOf(req);
    const user = viewer.userId === null ? null : await deps.directory.userById(viewer.userId);
    const name = user ? `${user.firstName} ${user.lastName}`.trim() || user.username : viewer.username;
    sendPage(res, <HomePage ctx={deps.context(req)} name={name} />);
  });
  for (const [path, page] of Object.entries(comingSoonPages)) {
    router.get(path, (req, res) => sendPage(res, <ComingSoonPage ctx={deps.context(req)} page={page} />));
  }
}
