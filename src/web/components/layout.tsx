import type { ComponentChildren } from 'preact';
import type { PageContext } from '../page-context.js';
import { Navigation } from './navigation.js';

/** Every page's frame: head with our assets only (CSP), header with the account menu, navigation, main. */
export function Layout({ ctx, title, children }: { ctx: PageContext; title: string; children: ComponentChildren }) {
  const { viewer, t } = ctx;
  return (
    <html lang={ctx.lang} dir={ctx.dir}>
      <PageHead ctx={ctx} title={title} />
      <body hx-boost={viewer ? 'true' : undefined}>
        <a class="skip-link" href="#main">
          {t('layout.skipToContent')}
        </a>
        <header class="site-header">
          <a class="brand" href="/">
            {t('app.name')}
          </a>
          {viewer ? (
            <div class="account">
              <a href="/account">{viewer.username}</a>
              <form method="post" action="/sign-out" class="inline">
                <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />
                <button type="submit" class="link-button">
                  {t('auth.signOut')}
                </button>
              </form>
            </div>
          ) : null}
        </header>
        <div class="frame">
          {viewer ? <Navigation ctx={ctx} viewer={viewer} /> : null}
          <main id="main" tabindex={-1}>
            <h1>{title}</h1>
            {children}
          </main>
        </div>
      </body>
    </html>
  );
}

/** Every page's head: our assets only (CSP), the htmx settings and the session's CSRF token. */
export function PageHead({ ctx, title }: { ctx: PageContext; title: string }) {
  return (
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false,"historyCacheSize":0}' />
      {ctx.csrf ? <meta name="csrf-token" content={ctx.csrf} /> : null}
      <title>{`${title} · Tollgate`}</title>
      <link rel="stylesheet" href={ctx.assets.css} />
      <script src={ctx.assets.htmx} defer></script>
      <script src={ctx.assets.js} defer></script>
    </head>
  );
}

/** A hidden field with the session's CSRF token: every form that changes something carries it. */
export function CsrfField({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrf ?? ''} />;
}

/** A notice above a page's content (after an action), announced to screen readers. */
export function Notice({ kind, children }: { kind: 'ok' | 'error' | 'info'; children: ComponentChildren }) {
  return (
    <p class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}
