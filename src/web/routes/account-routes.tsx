import type { Router } from 'express';
import { BadInputError } from '../../errors/index.js';
import { isLanguage } from '../../i18n/index.js';
import type { WebAccountStore } from '../auth/web-account-store.js';
import { MIN_WEB_PASSWORD_LENGTH } from '../auth/web-account-store.js';
import type { WebPasswords } from '../auth/web-passwords.js';
import { AccountPage } from '../pages/account-page.js';
import { sendPage } from '../render-page.js';
import { redirectAfterChange, viewerOf } from '../web-request.js';
import type { WebPageDeps } from './web-page-deps.js';

const doneTexts: Record<string, string> = { language: 'account.done.language', password: 'account.done.password' };

/** My account: language (stored, used from the next page on) and my own password. */
export function addAccountRoutes(
  router: Router,
  deps: WebPageDeps & { passwords: WebPasswords; webAccounts: WebAccountStore },
): void {
  router.get('/account', (req, res) => {
    const ctx = deps.context(req);
    const done = doneTexts[String(req.query.done)];
    sendPage(res, <AccountPage ctx={ctx} props={{ notice: done ? ctx.t(done) : undefined }} />);
  });
  router.post('/account/language', async (req, res) => {
    const viewer = viewerOf(req);
    const language = (req.body as Record<string, unknown>).language;
    if (!isLanguage(language)) throw new BadInputError('unknown language');
    await deps.webAccounts.setLanguage(viewer.username, language);
    redirectAfterChange(res, '/account?done=language');
  });
  router.post('/account/password', async (req, res) => {
    const viewer = viewerOf(req);
    const ctx = deps.context(req);
    const body = req.body as Record<string, string | undefined>;
    const [current, password, repeat] = [body.current ?? '', body.password ?? '', body.repeat ?? ''];
    const fail = (key: string) => sendPage(res, <AccountPage ctx={ctx} props={{ error: ctx.t(key) }} />, 400);
    if (password !== repeat) return fail('account.mismatch');
    if (password.length < MIN_WEB_PASSWORD_LENGTH) return fail('account.tooShort');
    if (!(await deps.passwords.changeOwn(viewer, current, password))) return fail('account.wrongPassword');
    redirectAfterChange(res, '/account?done=password');
  });
}
