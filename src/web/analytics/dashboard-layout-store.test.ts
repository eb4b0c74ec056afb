import { describe, expect, it } from 'vitest';
import { numberReportHref } from '../components/last-calls-table.js';
import { changeLayout, type DashboardLayout } from './dashboard-layout-store.js';

const layout: DashboardLayout = [
  { widget: 'last-calls', zone: 'top-left', minimised: false },
  { widget: 'week-cost-by-area', zone: 'top-right', minimised: false },
  { widget: 'today-cost-by-hour', zone: 'top-left', minimised: true },
];

describe('dashboard layout changes', () => {
  it('adds a widget at the end of its zone, and moves one already placed instead of doubling it', () => {
    const added = changeLayout(layout, { action: 'add', widget: 'status-last-7-days', zone: 'bottom-left' });
    expect(added.at(-1)).toEqual({ widget: 'status-last-7-days', zone: 'bottom-left', minimised: false });
    const again = changeLayout(added, { action: 'add', widget: 'last-calls', zone: 'bottom-right' });
    expect(again.filter((w) => w.widget === 'last-calls')).toEqual([
      { widget: 'last-calls', zone: 'bottom-right', minimised: false },
    ]);
  });

  it('moves a widget up past the widgets of other zones, and not beyond the first of its own', () => {
    const up = changeLayout(layout, { action: 'up', widget: 'today-cost-by-hour' });
    expect(up.map((w) => w.widget)).toEqual(['today-cost-by-hour', 'week-cost-by-area', 'last-calls']);
    expect(changeLayout(up, { action: 'up', widget: 'today-cost-by-hour' })).toEqual(up);
  });

  it('minimises and restores, moves to another zone keeping the state, and removes', () => {
    const restored = changeLayout(layout, { action: 'minimise', widget: 'today-cost-by-hour' });
    expect(restored[2]!.minimised).toBe(false);
    const moved = changeLayout(layout, { action: 'move', widget: 'today-cost-by-hour', zone: 'bottom-right' });
    expect(moved.at(-1)).toEqual({ widget: 'today-cost-by-hour', zone: 'bottom-right', minimised: true });
    expect(changeLayout(layout, { action: 'remove', widget: 'last-calls' }).map((w) => w.widget)).toEqual([
      'week-cost-by-area',
      'today-cost-by-hour',
    ]);
  });
});

describe('the report link of a number on the Home list', () => {
  it('matches a masked number by its visible digits and a plain one exactly, for the signed-in person', () => {
    expect(numberReportHref('0245100***', 'sarah.jones')).toBe(
      '/reports/interactive/run?number=0245100&match=startsWith&users=sarah.jones',
    );
    expect(numberReportHref('2001', 'sarah.jones')).toBe(
      '/reports/interactive/run?number=2001&match=equals&users=sarah.jones',
    );
  });
});
