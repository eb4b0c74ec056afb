import { languages } from '../../i18n/index.js';
import { CsrfField, Layout, Notice } from '../components/layout.js';
import type { PageContext } from '../page-context.js';

export interface AccountPageProps {
  notice?: string;
  error?: string;
}

const languageNames = {
  en: 'language.en',
  de: 'language.de',
  fr: 'language.fr',
  es: 'language.es',
  ar: 'language.ar',
  pl: 'language.pl',
  it: 'language.it',
} as const;

/** The signed-in person's settings: language, and their own password. */
export function AccountPage({ ctx, props }: { ctx: PageContext; props: AccountPageProps }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('account.title')}>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <div class="cards">
        <form method="post" action="/account/language" class="card form">
          <h2>{t('nav.language')}</h2>
          <CsrfField ctx={ctx} />
          <label for="language">{t('account.language')}</label>
          <select id="language" name="language">
            {languages.map((lang) => (
              <option value={lang} selected={lang === ctx.lang} lang={lang}>
                {t(languageNames[lang])}
              </option>
            ))}
          </select>
          <button type="submit">{t('account.saveLanguage')}</button>
        </form>
        <form method="post" action="/account/password" class="card form">
          <h2>{t('account.password')}</h2>
          <CsrfField ctx={ctx} />
          <label for="current">{t('account.currentPassword')}</label>
          <input id="current" name="current" type="password" autocomplete="current-password" required />
          <label for="password">{t('account.newPassword')}</label>
          <input id="password" name="password" type="password" autocomplete="new-password" required minlength={10} />
          <label for="repeat">{t('account.repeatPassword')}</label>
          <input id="repeat" name="repeat" type="password" autocomplete="new-password" required minlength={10} />
          <button type="submit">{t('account.savePassword')}</button>
        </form>
      </div>
    </Layout>
  );
}
