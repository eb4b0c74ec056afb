import { Layout, Notice } from '../components/layout.js';
import type { PageContext } from '../page-context.js';

export interface SignInPageProps {
  username?: string;
  /** The same words for a wrong password and an unknown user. */
  failed?: boolean;
  lockedMinutes?: number;
  signedOut?: boolean;
  next?: string;
}

export function SignInPage({ ctx, props }: { ctx: PageContext; props: SignInPageProps }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('auth.signIn')}>
      {props.signedOut ? <Notice kind="info">{t('signIn.signedOut')}</Notice> : null}
      {props.failed ? <Notice kind="error">{t('signIn.failed')}</Notice> : null}
      {props.lockedMinutes !== undefined ? (
        <Notice kind="error">{t('signIn.locked', { count: props.lockedMinutes })}</Notice>
      ) : null}
      <form method="post" action="/sign-in" class="card form narrow">
        <input type="hidden" name="next" value={props.next ?? '/'} />
        <label for="username">{t('auth.username')}</label>
        <input id="username" name="username" autocomplete="username" required value={props.username ?? ''} />
        <label for="password">{t('auth.password')}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">{t('auth.signIn')}</button>
      </form>
      <p class="hint">{t('signIn.hint')}</p>
    </Layout>
  );
}
