import { Layout } from '../components/layout.js';
import type { PageContext } from '../page-context.js';

const texts: Record<number, [string, string]> = {
  400: ['error.badRequest.title', 'error.badRequest.text'],
  403: ['error.forbidden.title', 'error.forbidden.text'],
  404: ['error.notFound.title', 'error.notFound.text'],
  429: ['error.tooMany.title', 'error.tooMany.text'],
  500: ['error.internal.title', 'error.internal.text'],
};

/** 403, 404 and the like: what happened, in the viewer's language, without details that help guessing. */
export function ErrorPage({ ctx, status }: { ctx: PageContext; status: number }) {
  const { t } = ctx;
  const [title, text] = texts[status] ?? (status < 500 ? texts[400] : texts[500]) ?? [];
  return (
    <Layout ctx={ctx} title={t(title ?? 'error.internal.title')}>
      <p>{t(text ?? 'error.internal.text')}</p>
      <p>
        <a href="/">{t('error.backHome')}</a>
      </p>
    </Layout>
  );
}
