import type { Request, Response, Router } from 'express';
import type { AuditRecorder } from '../../audit/index.js';
import type { DirectoryReadModel, UserListFilter } from '../../directory/index.js';
import { AppError, BadInputError, TooManyAttemptsError } from '../../errors/index.js';
import {
  createViewerLockService,
  PinNotSetError,
  PinRejectedError,
  WrongPinError,
  type LockService,
  type PinProblem,
} from '../../locks/index.js';
import { assertRole, viewerScope } from '../../viewer/index.js';
import type { WebPasswords } from '../auth/web-passwords.js';
import type { PageContext } from '../page-context.js';
import { lineLabel, MyPhonePage } from '../pages/my-phone-page.js';
import { decodeUserCursor, UsersPage, type UsersPageProps } from '../pages/users-page.js';
import { sendPage } from '../render-page.js';
import { clientAddress, redirectAfterChange, safeNext, viewerOf } from '../web-request.js';
import type { WebPageDeps } from './web-page-deps.js';

export interface PhoneLockRouteDeps extends WebPageDeps {
  locks: LockService;
  directory: DirectoryReadModel;
  passwords: WebPasswords;
  audit: AuditRecorder;
  pinLength: number;
  pageSize: number;
}

const pinProblemKeys: Record<PinProblem, string> = {
  'not-digits': 'pin.problem.not-digits',
  'wrong-length': 'pin.problem.wrong-length',
  trivial: 'pin.problem.trivial',
  'same-as-old': 'pin.problem.same-as-old',
  'same-as-default': 'pin.problem.same-as-default',
};

/** A PIN refusal in the viewer's words; other errors go on to the error page. */
function pinMessage(ctx: PageContext, err: unknown): string | null {
  if (err instanceof PinRejectedError) return ctx.t(pinProblemKeys[err.problem]);
  if (err instanceof WrongPinError) return ctx.t('pin.wrong', { count: err.attemptsLeft });
  if (err instanceof TooManyAttemptsError) return ctx.t('pin.tooMany');
  if (err instanceof PinNotSetError) return ctx.t('pin.notSet');
  if (err instanceof BadInputError) return err.message;
  return null;
}

const usersDone = {
  adminLock: 'users.done.adminLock',
  adminUnlock: 'users.done.adminUnlock',
  pin: 'users.done.pin',
  password: 'users.done.password',
} as const;

const myPhoneDone: Record<string, string> = {
  locked: 'myPhone.done.locked',
  unlocked: 'myPhone.done.unlocked',
  pin: 'myPhone.done.pin',
};

function lineIdOf(req: Request): number {
  const id = Number(req.params.lineId);
  if (!Number.isInteger(id) || id <= 0) throw new BadInputError('bad line id');
  return id;
}

function text(body: unknown, name: string): string {
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[value.length - 1]) : '';
}

/** Phone Lock: My Phone (user guide §4.1) for everyone, Users for supervisors and administrators. */
export function addPhoneLockRoutes(router: Router, deps: PhoneLockRouteDeps): void {
  const locks = createViewerLockService({ locks: deps.locks, lines: deps.directory });

  async function myPhone(
    req: Request,
    res: Response,
    extra: { notice?: string; error?: { lineId: number; message: string } } = {},
    status = 200,
  ) {
    const viewer = viewerOf(req);
    const lines = await locks.ownLines(viewer);
    sendPage(
      res,
      <MyPhonePage ctx={deps.context(req)} props={{ lines, pinLength: deps.pinLength, ...extra }} />,
      status,
    );
  }

  router.get('/phone-lock', async (req, res) => {
    const done = myPhoneDone[String(req.query.done)];
    await myPhone(req, res, done ? { notice: deps.context(req).t(done) } : {});
  });
  router.post('/phone-lock/lines/:lineId/lock', async (req, res) => {
    const locked = text(req.body, 'locked') === '1';
    await locks.setUserLock(viewerOf(req), lineIdOf(req), locked);
    redirectAfterChange(res, `/phone-lock?done=${locked ? 'locked' : 'unlocked'}`);
  });
  router.post('/phone-lock/lines/:lineId/pin', async (req, res) => {
    const lineId = lineIdOf(req);
    const ctx = deps.context(req);
    const [current, pin, repeat] = ['current', 'pin', 'repeat'].map((n) => text(req.body, n));
    if (pin !== repeat) return myPhone(req, res, { error: { lineId, message: ctx.t('pin.mismatch') } }, 400);
    try {
      await locks.changePin(viewerOf(req), lineId, current ?? '', pin ?? '');
    } catch (err) {
      const message = err instanceof AppError && err.httpStatus === 404 ? null : pinMessage(ctx, err);
      if (message === null) throw err;
      return myPhone(req, res, { error: { lineId, message } }, 400);
    }
    redirectAfterChange(res, '/phone-lock?done=pin');
  });

  async function users(
    req: Request,
    res: Response,
    extra: Pick<UsersPageProps, 'notice' | 'error'> = {},
    status = 200,
  ) {
    const viewer = viewerOf(req);
    assertRole(viewer, 'admin', 'supervisor');
    const source =
      req.method === 'GET' ? req.query : new URL(safeNext(text(req.body, 'back')), 'http://x').searchParams;
    const get = (name: string) =>
      source instanceof URLSearchParams ? source.get(name) : (source as Record<string, unknown>)[name];
    const filter: UserListFilter = {};
    for (const name of ['username', 'firstName', 'lastName', 'extension'] as const) {
      const value = get(name);
      if (typeof value === 'string' && value.trim()) filter[name] = value.trim().slice(0, 120);
    }
    let page = Math.max(1, Math.min(1_000_000, Number(get('page')) || 1));
    const [after, before] = ['after', 'before'].map((n) => {
      const value = get(n);
      return page > 1 && typeof value === 'string' && value ? decodeUserCursor(value) : undefined;
    });
    const query = { scope: viewerScope(viewer), filter, offset: (page - 1) * deps.pageSize, limit: deps.pageSize };
    let list = await deps.directory.listUsers({ ...query, ...(after ? { after } : before ? { before } : {}) });
    // Fewer users than a page before the cursor: that is the start of the list, shown as page 1.
    if (before && list.users.length < deps.pageSize) {
      page = 1;
      list = await deps.directory.listUsers({ ...query, offset: 0 });
    }
    const lines = list.users.flatMap((u) =>
      u.lines.map((l) => ({ ...l, user: { id: u.id, departmentName: u.departmentName } })),
    );
    const states = await locks.statesOf(viewer, lines);
    sendPage(
      res,
      <UsersPage ctx={deps.context(req)} props={{ list, states, filter, page, pageSize: deps.pageSize, ...extra }} />,
      status,
    );
  }

  /** Back to the list as it was, saying what was done (a code and the line or user, never free text). */
  const backTo = (req: Request, done: keyof typeof usersDone, subject: string) => {
    const target = new URL(safeNext(text(req.body, 'back')), 'http://x');
    if (target.pathname !== '/phone-lock/users') target.pathname = '/phone-lock/users';
    target.searchParams.set('done', done);
    target.searchParams.set('subject', subject);
    return `${target.pathname}${target.search}`;
  };

  router.get('/phone-lock/users', async (req, res) => {
    const ctx = deps.context(req);
    const key = usersDone[String(req.query.done) as keyof typeof usersDone];
    let notice: string | undefined;
    if (key) {
      const subject = String(req.query.subject ?? '');
      const line = /^\d+$/.test(subject) ? await deps.directory.lineById(Number(subject)) : null;
      notice = ctx.t(key, { line: line ? lineLabel(line) : '', user: subject });
    }
    await users(req, res, notice ? { notice } : {});
  });
  router.post('/phone-lock/users/lines/:lineId/admin-lock', async (req, res) => {
    const viewer = viewerOf(req);
    assertRole(viewer, 'admin', 'supervisor');
    const raw = (req.body as Record<string, unknown>).locked;
    const locked = Array.isArray(raw) ? raw.includes('1') : raw === '1';
    const state = await locks.setAdminLock(viewer, lineIdOf(req), locked, clientAddress(req));
    redirectAfterChange(res, backTo(req, locked ? 'adminLock' : 'adminUnlock', String(state.lineId)));
  });
  router.post('/phone-lock/users/lines/:lineId/pin', async (req, res) => {
    const viewer = viewerOf(req);
    assertRole(viewer, 'admin', 'supervisor');
    const ctx = deps.context(req);
    const lineId = lineIdOf(req);
    const pin = text(req.body, 'pin');
    try {
      const { generatedPin } = await locks.resetPin(viewer, lineId, pin || undefined, clientAddress(req));
      if (!generatedPin) return redirectAfterChange(res, backTo(req, 'pin', String(lineId)));
      const line = await deps.directory.lineById(lineId);
      await users(req, res, {
        notice: ctx.t('users.generatedPin', { line: line ? lineLabel(line) : '', pin: generatedPin }),
      });
    } catch (err) {
      const message = err instanceof AppError && err.httpStatus === 404 ? null : pinMessage(ctx, err);
      if (message === null) throw err;
      return users(req, res, { error: message }, 400);
    }
  });
  router.post('/phone-lock/users/:username/password', async (req, res) => {
    const viewer = viewerOf(req);
    const ctx = deps.context(req);
    const username = String(req.params.username);
    const password = text(req.body, 'password');
    try {
      await deps.passwords.setFor(viewer, username, password);
    } catch (err) {
      if (!(err instanceof BadInputError)) throw err;
      return users(req, res, { error: ctx.t('account.tooShort') }, 400);
    }
    if (viewer.role !== 'user' && viewer.username !== username) {
      const entry = {
        actor: viewer.username,
        role: viewer.role,
        via: 'web',
        from: clientAddress(req),
        action: 'password.set',
        target: username,
      } as const;
      await deps.audit.record(entry);
    }
    redirectAfterChange(res, backTo(req, 'password', username));
  });
}
