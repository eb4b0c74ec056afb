import type { Router } from 'express';
import { BadInputError } from '../../errors/index.js';
import type { ReportService } from '../../reports/index.js';
import { widgetIds, loadWidget, type WidgetData, type WidgetId } from '../analytics/dashboard-widgets.js';
import { zones, type DashboardLayoutStore, type LayoutChange, type Zone } from '../analytics/dashboard-layout-store.js';
import type { MyCalls } from '../analytics/my-calls.js';
import type { ChartSpec } from '../analytics/render-chart-svg.js';
import type { WidgetCache } from '../analytics/widget-cache.js';
import { DashboardPage } from '../pages/dashboard-page.js';
import { sendPage } from '../render-page.js';
import { redirectAfterChange, viewerOf } from '../web-request.js';
import type { WebPageDeps } from './web-page-deps.js';

export interface DashboardRouteDeps extends WebPageDeps {
  reports: ReportService;
  myCalls: MyCalls;
  layouts: DashboardLayoutStore;
  draw: (spec: ChartSpec) => string;
  cache: WidgetCache;
}

function values(body: unknown, name: string): string[] {
  const value = (body as Record<string, unknown>)[name];
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
}

function widgetOf(value: string): WidgetId {
  if (!(widgetIds as readonly string[]).includes(value)) throw new BadInputError(`no widget ${value}`);
  return value as WidgetId;
}

function zoneOf(value: string | undefined): Zone {
  if (!value || !(zones as readonly string[]).includes(value)) throw new BadInputError('choose a zone');
  return value as Zone;
}

/** The Dashboard: the page, adding widgets, and each widget's actions (remove, minimise, move, reorder). */
export function addDashboardRoutes(router: Router, deps: DashboardRouteDeps): void {
  router.get('/dashboard', async (req, res) => {
    const viewer = viewerOf(req);
    const layout = await deps.layouts.get(viewer.username);
    const open = layout.filter((w) => !w.minimised);
    const loaded = await Promise.all(
      open.map(
        async (w) =>
          [w.widget, await deps.cache.load(w.widget, viewer, () => loadWidget(w.widget, viewer, deps))] as const,
      ),
    );
    const data = new Map<WidgetId, WidgetData>(loaded);
    sendPage(res, <DashboardPage ctx={deps.context(req)} props={{ layout, data, draw: deps.draw }} />);
  });
  router.post('/dashboard/widgets', async (req, res) => {
    const viewer = viewerOf(req);
    const zone = zoneOf(values(req.body, 'zone')[0]);
    for (const widget of values(req.body, 'widget').map(widgetOf))
      await deps.layouts.change(viewer.username, { action: 'add', widget, zone });
    redirectAfterChange(res, '/dashboard');
  });
  router.post('/dashboard/widgets/:widget', async (req, res) => {
    const viewer = viewerOf(req);
    const widget = widgetOf(String(req.params.widget));
    const action = values(req.body, 'action')[0];
    let change: LayoutChange;
    if (action === 'move') change = { action, widget, zone: zoneOf(values(req.body, 'zone')[0]) };
    else if (action === 'remove' || action === 'minimise' || action === 'up' || action === 'down')
      change = { action, widget };
    else throw new BadInputError('unknown widget action');
    await deps.layouts.change(viewer.username, change);
    redirectAfterChange(res, action === 'remove' ? '/dashboard' : `/dashboard#w-${widget}`);
  });
}
