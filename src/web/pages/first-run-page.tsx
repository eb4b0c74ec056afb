import { Layout } from '../components/layout.js';
import type { PageContext } from '../page-context.js';

/** Shown while no administrator exists: the first one is made on the server, never by an anonymous web form. */
export function FirstRunPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('firstRun.title')}>
      <div class="card">
        <p>{t('firstRun.intro')}</p>
        <pre class="command">
          <code>tollgate admin create &lt;username&gt;</code>
        </pre>
        <p>{t('firstRun.then')}</p>
        <ol>
          <li>{t('firstRun.stepImport')}</li>
          <li>{t('firstRun.stepSignIn')}</li>
        </ol>
      </div>
    </Layout>
  );
}
