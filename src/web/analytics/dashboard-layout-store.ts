import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { dashboardLayoutEntity, type DashboardLayoutRow } from '../../store/index.js';
import { widgetIds, type WidgetId } from './dashboard-widgets.js';

/** Where a widget sits (the guide's "Target Zone"). */
export const zones = ['top-left', 'top-right', 'bottom-left', 'bottom-right'] as const;
export type Zone = (typeof zones)[number];

export interface PlacedWidget {
  widget: WidgetId;
  zone: Zone;
  minimised: boolean;
}

/** Widgets in the order they show: by zone, and within a zone in this order. */
export type DashboardLayout = PlacedWidget[];

const layoutSchema = z.array(z.object({ widget: z.enum(widgetIds), zone: z.enum(zones), minimised: z.boolean() }));

/** What a person sees before they change anything (the widgets the guide's gallery shows ticked). */
export const defaultLayout: DashboardLayout = [
  { widget: 'today-cost-share-by-department', zone: 'top-left', minimised: false },
  { widget: 'today-cost-share-by-area', zone: 'top-right', minimised: false },
  { widget: 'personal-traffic-30-days', zone: 'bottom-left', minimised: false },
  { widget: 'today-status-by-department', zone: 'bottom-right', minimised: false },
];

/** A change a person makes to their dashboard. */
export type LayoutChange =
  | { action: 'add'; widget: WidgetId; zone: Zone }
  | { action: 'remove'; widget: WidgetId }
  | { action: 'minimise'; widget: WidgetId }
  | { action: 'move'; widget: WidgetId; zone: Zone }
  | { action: 'up' | 'down'; widget: WidgetId };

/** Applies one change (pure); a widget already placed is moved, an unknown one ignored. */
export function changeLayout(layout: DashboardLayout, change: LayoutChange): DashboardLayout {
  const at = layout.findIndex((w) => w.widget === change.widget);
  const without = layout.filter((w) => w.widget !== change.widget);
  switch (change.action) {
    case 'add':
    case 'move': {
      if (change.action === 'move' && at < 0) return layout;
      const minimised = at >= 0 ? layout[at]!.minimised : false;
      return [...without, { widget: change.widget, zone: change.zone, minimised }];
    }
    case 'remove':
      return without;
    case 'minimise':
      return layout.map((w) => (w.widget === change.widget ? { ...w, minimised: !w.minimised } : w));
    case 'up':
    case 'down': {
      if (at < 0) return layout;
      const zone = layout[at]!.zone;
      const step = change.action === 'up' ? -1 : 1;
      let other = at + step;
      while (other >= 0 && other < layout.length && layout[other]!.zone !== zone) other += step;
      if (other < 0 || other >= layout.length) return layout;
      const next = [...layout];
      [next[at], next[other]] = [next[other]!, next[at]!];
      return next;
    }
  }
}

export interface DashboardLayoutStore {
  get(username: string): Promise<DashboardLayout>;
  change(username: string, change: LayoutChange): Promise<DashboardLayout>;
}

/** Each person's dashboard layout, one row per person; a layout that no longer parses falls back to the default. */
export function createDashboardLayoutStore(deps: { dataSource: DataSource; clock: Clock }): DashboardLayoutStore {
  const repo = () => deps.dataSource.getRepository<DashboardLayoutRow>(dashboardLayoutEntity.options.name);
  async function get(username: string): Promise<DashboardLayout> {
    const row = await repo().findOneBy({ username });
    if (!row) return defaultLayout;
    const parsed = layoutSchema.safeParse(JSON.parse(row.layout));
    return parsed.success ? parsed.data : defaultLayout;
  }
  return {
    get,
    async change(username, change) {
      const layout = changeLayout(await get(username), change);
      await repo().save({ username, layout: JSON.stringify(layout), updatedAt: deps.clock.now() });
      return layout;
    },
  };
}
