import { Layout } from '../components/layout.js';
import type { PageContext } from '../page-context.js';
import { ComingSoon } from './coming-soon-page.js';

/** Call Analytics' Home (user guide §2.1): a welcome, the way to the pages that work, and what is coming. */
export function HomePage({ ctx, name }: { ctx: PageContext; name: string }) {
  const { t, viewer } = ctx;
  return (
    <Layout ctx={ctx} title={t('nav.home')}>
      <p class="lead">{t('home.welcome', { name })}</p>
      {viewer?.role === 'admin' ? <p>{t('home.roleAdmin')}</p> : null}
      {viewer?.role === 'supervisor' ? <p>{t('home.roleSupervisor', { departments: viewer.departments.join(', ') })}</p> : null}
      <p>{t('home.intro')}</p>
      <ul class="shortcuts">
        <li>
          <a class="shortcut" href="/phone-lock">
            {t('nav.myPhone')}
          </a>
        </li>
        <li>
          <a class="shortcut" href="/budgets/mine">
            {t('nav.myBudgets')}
          </a>
        </li>
      </ul>
      <ComingSoon ctx={ctx} text="comingSoon.home" />
    </Layout>
  );
}
