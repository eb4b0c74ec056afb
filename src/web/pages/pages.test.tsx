import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { translator, type Language } from '../../i18n/index.js';
import type { LineLockState, ViewerLine } from '../../locks/index.js';
import type { PageContext } from '../page-context.js';
import { webFormats } from '../web-translator.js';
import { MyPhonePage } from './my-phone-page.js';
import { UsersPage } from './users-page.js';

function context(lang: Language, role: 'user' | 'admin' = 'user'): PageContext {
  return {
    viewer: { name: 'ann', username: 'ann', userId: 1, role, departments: [], language: lang, timeZone: 'Europe/Rome' },
    lang,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    t: translator(lang, 'web'),
    format: webFormats(lang, 'Europe/Rome'),
    csrf: 'token-123',
    assets: { css: '/assets/a.css', js: '/assets/a.js', htmx: '/assets/h.js' },
    path: '/phone-lock',
  };
}

const state = (kinds: LineLockState['kinds']): LineLockState => ({
  lineId: 7,
  extension: '2003',
  partition: 'PT_Internal',
  locked: kinds.length > 0,
  kinds,
  locks: kinds.map((kind) => ({ kind, actor: kind === 'admin' ? '<b>boss</b>' : 'ann', via: 'web', reason: '', since: new Date('2026-03-02T09:00:00Z') })),
});
const line = (kinds: LineLockState['kinds']): ViewerLine => ({ state: state(kinds), pin: { usable: true, isDefault: false, lockedOutUntil: null } });

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
  it('lists users with their lines, the ADMIN LOCK checkbox ticked for an admin-locked line, and Polish plurals', () => {
    const list = { total: 22, users: [{ id: 1, username: 'ann', firstName: 'Ann', lastName: 'Lee', departmentName: 'Sales', lines: [{ id: 7, extension: '2003', partition: 'PT_Internal' }] }] };
    const html = renderToString(
      <UsersPage ctx={context('pl', 'admin')} props={{ list, states: new Map([[7, state(['admin'])]]), filter: { lastName: 'Le' }, page: 1, pageSize: 20 }} />,
    );
    expect(html).toContain('22 użytkowników');
    expect(html).toMatch(/<input type="checkbox" name="locked" value="1" checked/);
    expect(html).toContain('value="Le"');
    expect(html).toContain('href="/phone-lock/users?lastName=Le&amp;page=2"');
  });
});
