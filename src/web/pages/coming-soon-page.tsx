import { Layout } from '../components/layout.js';
import type { PageContext } from '../page-context.js';

/** The Call Analytics pages not built yet: each says what it will show. */
export const comingSoonPages: Record<string, { title: string; text: string }> = {
  '/reports/scheduled': { title: 'nav.scheduledReports', text: 'comingSoon.scheduledReports' },
};

/** What a page will show, clearly marked as coming. */
export function ComingSoonPage({ ctx, page }: { ctx: PageContext; page: { title: string; text: string } }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t(page.title)}>
      <ComingSoon ctx={ctx} text={page.text} />
    </Layout>
  );
}

export function ComingSoon({ ctx, text }: { ctx: PageContext; text: string }) {
  return (
    <div class="card coming">
      <p class="badge badge-coming">{ctx.t('comingSoon.badge')}</p>
      <p>{ctx.t(text)}</p>
    </div>
  );
}
