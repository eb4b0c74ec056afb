import type { Viewer, ViewerRole } from '../../viewer/index.js';
import type { PageContext } from '../page-context.js';

export interface NavEntry {
  href: string;
  key: string;
  roles?: ViewerRole[];
}

export interface NavGroup {
  key: string;
  entries: NavEntry[];
}

/** The guide's menu (user guide §2–§4): Call Analytics, Budget Control, Phone Lock, and the administrators' Audit. */
export const navigation: NavGroup[] = [
  {
    key: 'nav.callAnalytics',
    entries: [
      { href: '/', key: 'nav.home' },
      { href: '/dashboard', key: 'nav.dashboard' },
      { href: '/reports/interactive', key: 'nav.interactiveReports' },
      { href: '/reports/scheduled', key: 'nav.scheduledReports' },
      { href: '/alarms/new', key: 'nav.createAlarm' },
      { href: '/alarms', key: 'nav.scheduledAlarms' },
    ],
  },
  {
    key: 'nav.budgetControl',
    entries: [
      { href: '/budgets/mine', key: 'nav.myBudgets' },
      { href: '/budgets', key: 'nav.budgets', roles: ['admin'] },
    ],
  },
  {
    key: 'nav.phoneLock',
    entries: [
      { href: '/phone-lock', key: 'nav.myPhone' },
      { href: '/phone-lock/users', key: 'nav.users', roles: ['admin', 'supervisor'] },
    ],
  },
  { key: 'nav.administration', entries: [{ href: '/audit', key: 'nav.audit', roles: ['admin'] }] },
];

export function visibleNavigation(viewer: Viewer): NavGroup[] {
  return navigation
    .map((g) => ({ ...g, entries: g.entries.filter((e) => !e.roles || e.roles.includes(viewer.role)) }))
    .filter((g) => g.entries.length > 0);
}

/** The current entry is the longest href the path starts with. */
function currentHref(path: string, groups: NavGroup[]): string | null {
  const all = groups.flatMap((g) => g.entries.map((e) => e.href));
  const matches = all.filter((href) => path === href || (href !== '/' && path.startsWith(`${href}/`)));
  return matches.sort((a, b) => b.length - a.length)[0] ?? null;
}

export function Navigation({ ctx, viewer }: { ctx: PageContext; viewer: Viewer }) {
  const groups = visibleNavigation(viewer);
  const current = currentHref(ctx.path, groups);
  return (
    <nav class="site-nav" aria-label={ctx.t('nav.label')}>
      <ul class="nav-groups">
        {groups.map((g) => (
          <li class="nav-group">
            <span class="nav-group-title">{ctx.t(g.key)}</span>
            <ul>
              {g.entries.map((e) => (
                <li>
                  <a href={e.href} aria-current={e.href === current ? 'page' : undefined}>
                    {ctx.t(e.key)}
                  </a>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </nav>
  );
}
