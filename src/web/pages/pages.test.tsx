import { renderToString } from 'preact-render-to-string';
import type { RecurrenceUnit } from '../../scheduler/index.js';
import { describe, expect, it } from 'vitest';
import type { LineLockState, ViewerLine } from '../../locks/index.js';
import { everyInterval } from '../components/every-interval.js';
import { context } from '../testing/page-test-context.js';
import { webFormats } from '../web-translator.js';
import { AuditPage } from './audit-page.js';
import { BudgetsPage } from './budgets-page.js';
import { MyPhonePage } from './my-phone-page.js';
import { UsersPage } from './users-page.js';

const state = (kinds: LineLockState['kinds']): LineLockState => ({
  lineId: 7,
  extension: '2003',
  partition: 'PT_Internal',
  locked: kinds.length > 0,
  kinds,
  locks: kinds.map((kind) => ({
    kind,
    actor: kind === 'admin' ? '<b>boss</b>' : 'ann',
    via: 'web',
    reason: '',
    since: new Date('2026-03-02T09:00:00Z'),
  })),
});
const line = (kinds: LineLockState['kinds']): ViewerLine => ({
  state: state(kinds),
  pin: { usable: true, isDefault: false, lockedOutUntil: null },
});

describe('My Phone page', () => {
  it('offers to lock an unlocked line, with the CSRF token in the form', () => {
    const html = renderToString(<MyPhonePage ctx={context('en')} props={{ lines: [line([])], pinLength: 4 }} />);
    expect(html).toContain('Lock my phone');
    expect(html).toContain('name="_csrf" value="token-123"');
    expect(html).toContain('<meta name="csrf-token" content="token-123"');
    expect(html).toContain('New PIN (4 digits)');
  });

  it("shows an administrator's lock and who set it, escaped, and says the user cannot lift it", () => {
    const html = renderToString(<MyPhonePage ctx={context('en')} props={{ lines: [line(['admin'])], pinLength: 4 }} />);
    expect(html).toContain('Locked by the administrator &lt;b>boss&lt;/b>');
    expect(html).not.toContain('<b>boss</b>');
    expect(html).toContain('stays until an administrator or the budget lifts it');
    expect(html).toContain('Lock my phone');
  });

  it('is right to left in Arabic, with Arabic plural forms', () => {
    const html = renderToString(<MyPhonePage ctx={context('ar')} props={{ lines: [line(['user'])], pinLength: 4 }} />);
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('افتح قفل هاتفي');
    expect(html).toContain('رمز PIN الجديد (4 أرقام)');
  });
});

describe('Users page', () => {
  it(
    'lists users with their lines, the ADMIN LOCK checkbox ticked for an admin-locked line, and ' + 'Polish plurals',
    () => {
      const list = {
        total: 22,
        users: [
          {
            id: 1,
            username: 'ann',
            firstName: 'Ann',
            lastName: 'Lee',
            departmentName: 'Sales',
            lines: [{ id: 7, extension: '2003', partition: 'PT_Internal' }],
          },
        ],
      };
      const html = renderToString(
        <UsersPage
          ctx={context('pl', 'admin')}
          props={{ list, states: new Map([[7, state(['admin'])]]), filter: { lastName: 'Le' }, page: 1, pageSize: 20 }}
        />,
      );
      expect(html).toContain('22 użytkowników');
      expect(html).toMatch(/<input type="checkbox" name="locked" value="1" checked/);
      expect(html).toContain('value="Le"');
      // The next page starts after the last user shown (a cursor of last name, first name, username).
      const after = Buffer.from(JSON.stringify(['Lee', 'Ann', 'ann'])).toString('base64url');
      expect(html).toContain(`href="/phone-lock/users?lastName=Le&amp;page=2&amp;after=${after}"`);
      // Texts translated once per page still carry each row's own line and user.
      expect(html).toContain('Nowy PIN dla 2003 (PT_Internal)');
      expect(html).toContain('Nowe hasło dla ann');
    },
  );
});

describe('Audit page', () => {
  const entry = {
    id: 3,
    at: new Date('2026-03-02T09:05:00Z'),
    actor: '<i>root</i>',
    role: 'supervisor',
    via: 'web' as const,
    from: '192.0.2.7',
    action: 'lock.set',
    target: '2003 (PT_Internal)',
    detail: { kind: 'admin', kindsAfter: ['admin'] },
  };

  it(
    "lists entries in the viewer's time zone with the role in words, a compact detail, the filter " +
      'kept in the pager and the export',
    () => {
      const html = renderToString(
        <AuditPage
          ctx={context('de', 'admin')}
          props={{ entries: [entry], filter: { action: 'lock.', from: '2026-03-01' }, page: 2, hasNext: true }}
        />,
      );
      expect(html).toContain('02.03.26, 10:05');
      expect(html).toContain('&lt;i>root&lt;/i>');
      expect(html).toContain('(Supervisor)');
      expect(html).toContain('kind: admin, kindsAfter: [&quot;admin&quot;]');
      expect(html).toContain('href="/audit.csv?from=2026-03-01&amp;action=lock."');
      expect(html).toContain('href="/audit?from=2026-03-01&amp;action=lock.&amp;page=3"');
      expect(html).toContain('href="/audit?from=2026-03-01&amp;action=lock."');
      expect(html).toContain('Seite 2');
    },
  );

  it('says when nothing matches, in Arabic right to left', () => {
    const html = renderToString(
      <AuditPage ctx={context('ar', 'admin')} props={{ entries: [], filter: {}, page: 1, hasNext: false }} />,
    );
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('لا توجد إدخالات مطابقة.');
    expect(html).not.toContain('/audit?page=2');
  });
});

describe('Budgets page', () => {
  it("shows a period's days in the budget calendar's time zone, not shifted into the viewer's", () => {
    const ctx = { ...context('en', 'admin'), format: webFormats('en', 'Europe/Rome', 'UTC') };
    const thresholds = [
      { percent: 80, notifyUser: true, notifyManager: false, notifyAdmins: false, notifyExtra: [], lockLines: false },
    ];
    const at = new Date('2026-12-01T00:00:00Z');
    const budget = {
      ...({ id: 1, name: 'Ann monthly', scope: 'user', scopeId: 1, sharing: 'single', period: 'month' } as const),
      ...{
        amountMinor: 10000,
        currency: 'EUR',
        rollover: false,
        rolloverCapMinor: null,
        denyWhenSpent: true,
        thresholds,
      },
      ...{ excludedUserIds: [], createdAt: at, createdBy: 'x', updatedAt: at, revision: 1, removedAt: null },
    };
    const period = { key: '2026-12', start: at, end: new Date('2027-01-01T00:00:00Z') };
    const status = { budget, targetName: 'Ann', memberIds: [1], lineIds: [], period, subjects: [] };
    const html = renderToString(<BudgetsPage ctx={ctx} props={{ budgets: [status] }} />);
    expect(html).toContain('Monthly · 1 Dec 2026 – 31 Dec 2026');
  });
});

describe('schedule intervals in the Scheduled Alarms and Scheduled Reports lists', () => {
  it('say the interval with the plural forms of each language, never "every 1 hours"', () => {
    const every = (lang: Parameters<typeof context>[0], unit: RecurrenceUnit, count: number) =>
      everyInterval(context(lang).t, { every: count, unit });
    expect(every('en', 'hours', 1)).toBe('every hour');
    expect(every('en', 'weeks', 2)).toBe('every 2 weeks');
    expect(every('de', 'days', 1)).toBe('jeden Tag');
    expect(every('pl', 'minutes', 3)).toBe('co 3 minuty');
    expect(every('pl', 'minutes', 5)).toBe('co 5 minut');
    expect(every('ar', 'hours', 2)).toBe('كل ساعتين');
    expect(every('ar', 'days', 3)).toBe('كل 3 أيام');
    expect(every('fr', 'months', 6)).toBe('tous les 6 mois');
  });
});
