import type { UserListEntry, UserListFilter, UserListKey, UserListPage } from '../../directory/index.js';
import { BadInputError } from '../../errors/index.js';
import type { LineLockState } from '../../locks/index.js';
import { CsrfField, Layout, Notice } from '../components/layout.js';
import { LockIcon } from '../components/lock-icon.js';
import type { PageContext } from '../page-context.js';
import { lineLabel } from './my-phone-page.js';

export interface UsersPageProps {
  list: UserListPage;
  states: Map<number, LineLockState>;
  filter: UserListFilter;
  page: number;
  pageSize: number;
  notice?: string;
  error?: string;
}

const filterFields = [
  ['username', 'users.username'],
  ['firstName', 'users.firstName'],
  ['lastName', 'users.lastName'],
  ['extension', 'users.extension'],
] as const;

/** A user's place in the list as a link carries it: base64url JSON of last name, first name, username. */
function encodeUserCursor(user: UserListEntry): string {
  return Buffer.from(JSON.stringify([user.lastName, user.firstName, user.username])).toString('base64url');
}

export function decodeUserCursor(text: string): UserListKey {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new BadInputError('page cursor is not valid');
  }
  if (!Array.isArray(values) || values.length !== 3 || !values.every((v) => typeof v === 'string'))
    throw new BadInputError('page cursor is not valid');
  const [lastName, firstName, username] = values as string[];
  return { lastName: lastName!, firstName: firstName!, username: username! };
}

function query(filter: UserListFilter, page: number, cursor?: ['after' | 'before', UserListEntry | undefined]): string {
  const params = new URLSearchParams();
  for (const [name] of filterFields) if (filter[name]) params.set(name, filter[name] as string);
  if (page > 1) params.set('page', String(page));
  if (page > 1 && cursor?.[1]) params.set(cursor[0], encodeUserCursor(cursor[1]));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Where a form posts back to: the same filtered page, so the list stays as it was. */
function back(props: UsersPageProps): string {
  return `/phone-lock/users${query(props.filter, props.page)}`;
}

/**
 * The texts every row repeats, translated once per page: at 50 rows, one i18next lookup per text and
 * row was most of the page's CPU time. Texts with a name in them keep a mark where the name goes.
 */
function rowTexts(ctx: PageContext) {
  const { t } = ctx;
  const mark = '\u0000';
  const named = (key: string, name: string) => {
    const [before, after] = t(key, { [name]: mark }).split(mark);
    return (value: string) => `${before}${value}${after ?? ''}`;
  };
  return {
    locked: t('lock.locked'),
    unlocked: t('lock.unlocked'),
    adminLock: ` ${t('users.adminLock')}`,
    apply: t('users.apply'),
    resetPin: t('users.resetPin'),
    setPin: t('users.setPin'),
    setPassword: t('users.setPassword'),
    newPin: named('users.newPin', 'line'),
    newPassword: named('users.newPassword', 'user'),
    username: t('users.username'),
    firstName: t('users.firstName'),
    lastName: t('users.lastName'),
    extension: t('users.extension'),
    password: t('users.password'),
    noLine: t('users.noLine'),
  };
}
type RowTexts = ReturnType<typeof rowTexts>;

function LineControls({
  ctx,
  texts,
  back,
  line,
  state,
}: {
  ctx: PageContext;
  texts: RowTexts;
  back: string;
  line: { id: number; extension: string; partition: string };
  state?: LineLockState;
}) {
  const adminLocked = state?.kinds.includes('admin') ?? false;
  const label = lineLabel(line);
  return (
    <div class="line-controls">
      <span class={`lock-state ${state?.locked ? 'is-locked' : 'is-unlocked'}`}>
        <LockIcon locked={state?.locked ?? false} />
        <span>
          <bdi>{label}</bdi>
          {`: ${state?.locked ? texts.locked : texts.unlocked}`}
        </span>
      </span>
      <form method="post" action={`/phone-lock/users/lines/${line.id}/admin-lock`} class="inline autosubmit">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="back" value={back} />
        <input type="hidden" name="locked" value="0" />
        <label>
          <input type="checkbox" name="locked" value="1" checked={adminLocked} />
          {texts.adminLock}
        </label>
        <button type="submit" class="small">
          {texts.apply}
        </button>
      </form>
      <form method="post" action={`/phone-lock/users/lines/${line.id}/pin`} class="inline">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="back" value={back} />
        <button type="submit" class="small secondary">
          {texts.resetPin}
        </button>
      </form>
      <details>
        <summary>{texts.setPin}</summary>
        <form method="post" action={`/phone-lock/users/lines/${line.id}/pin`} class="inline">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="back" value={back} />
          <label for={`pin-${line.id}`}>{texts.newPin(label)}</label>
          <input id={`pin-${line.id}`} name="pin" type="password" inputmode="numeric" autocomplete="off" required />
          <button type="submit" class="small">
            {texts.setPin}
          </button>
        </form>
      </details>
    </div>
  );
}

/**
 * Phone Lock's Users (user guide §4.1): the users in the viewer's scope, their lines' states, admin lock, PIN and
 * password.
 */
export function UsersPage({ ctx, props }: { ctx: PageContext; props: UsersPageProps }) {
  const { t } = ctx;
  const { list } = props;
  const pages = Math.max(1, Math.ceil(list.total / props.pageSize));
  const texts = rowTexts(ctx);
  const here = back(props);
  return (
    <Layout ctx={ctx} title={t('nav.users')}>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <form method="get" action="/phone-lock/users" class="filters">
        {filterFields.map(([name, key]) => (
          <div class="field">
            <label for={`filter-${name}`}>{t(key)}</label>
            <input id={`filter-${name}`} name={name} value={props.filter[name] ?? ''} type="search" />
          </div>
        ))}
        <button type="submit">{t('users.filter')}</button>
      </form>
      <p class="count">{t('users.count', { count: list.total })}</p>
      {list.users.length === 0 ? (
        <p>{t('users.noUsers')}</p>
      ) : (
        <table class="users-table">
          <thead>
            <tr>
              <th scope="col">{texts.username}</th>
              <th scope="col">{texts.firstName}</th>
              <th scope="col">{texts.lastName}</th>
              <th scope="col">{texts.extension}</th>
              <th scope="col">{texts.password}</th>
            </tr>
          </thead>
          <tbody>
            {list.users.map((user) => (
              <tr>
                <th scope="row" data-label={texts.username}>
                  {user.username}
                </th>
                <td data-label={texts.firstName}>{user.firstName}</td>
                <td data-label={texts.lastName}>{user.lastName}</td>
                <td data-label={texts.extension}>
                  {user.lines.length === 0 ? <span class="muted">{texts.noLine}</span> : null}
                  {user.lines.map((line) => (
                    <LineControls ctx={ctx} texts={texts} back={here} line={line} state={props.states.get(line.id)} />
                  ))}
                </td>
                <td data-label={texts.password}>
                  <details>
                    <summary>{texts.setPassword}</summary>
                    <form
                      method="post"
                      action={`/phone-lock/users/${encodeURIComponent(user.username)}/password`}
                      class="inline"
                    >
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="back" value={here} />
                      <label for={`password-${user.id}`}>{texts.newPassword(user.username)}</label>
                      <input
                        id={`password-${user.id}`}
                        name="password"
                        type="password"
                        autocomplete="new-password"
                        required
                        minlength={10}
                      />
                      <button type="submit" class="small">
                        {texts.setPassword}
                      </button>
                    </form>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label={t('users.page', { page: props.page, pages })}>
        {props.page > 1 ? (
          <a href={`/phone-lock/users${query(props.filter, props.page - 1, ['before', list.users[0]])}`}>
            {t('users.previous')}
          </a>
        ) : null}
        <span>{t('users.page', { page: props.page, pages })}</span>
        {props.page < pages ? (
          <a href={`/phone-lock/users${query(props.filter, props.page + 1, ['after', list.users.at(-1)])}`}>
            {t('users.next')}
          </a>
        ) : null}
      </nav>
    </Layout>
  );
}
