import type { ComponentChildren } from 'preact';
import type { PageContext } from '../page-context.js';
import { PageHead } from './layout.js';

export const gadgetPaths = {
  callAnalytics: '/gadgets/call-analytics',
  budgetControl: '/gadgets/budget-control',
  phoneLock: '/gadgets/phone-lock',
} as const;

/**
 * The frame of a gadget (user guide §5): a page for a Jabber custom tab or a
 * Webex embedded app, 320 px wide, without the portal's menu. Same assets and
 * CSP as the portal; links leave for the portal in a new window.
 */
export function GadgetLayout({
  ctx,
  title,
  children,
}: {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
}) {
  return (
    <html lang={ctx.lang} dir={ctx.dir}>
      <PageHead ctx={ctx} title={title} />
      <body class="gadget" hx-boost="true">
        <main id="main" tabindex={-1}>
          <h1>{title}</h1>
          {children}
        </main>
      </body>
    </html>
  );
}
