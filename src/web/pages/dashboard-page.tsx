import { widgetIds, type WidgetData, type WidgetId } from '../analytics/dashboard-widgets.js';
import { zones, type DashboardLayout, type PlacedWidget, type Zone } from '../analytics/dashboard-layout-store.js';
import type { ChartSpec } from '../analytics/render-chart-svg.js';
import { ChartFigure } from '../components/chart-figure.js';
import { LastCallsTable } from '../components/last-calls-table.js';
import { CsrfField, Layout } from '../components/layout.js';
import type { PageContext } from '../page-context.js';

export interface DashboardPageProps {
  layout: DashboardLayout;
  /** Figures of the widgets shown open (minimised ones are not loaded). */
  data: Map<WidgetId, WidgetData>;
  draw: (spec: ChartSpec) => string;
}

const widgetKeys: Record<WidgetId, string> = {
  'week-cost-by-area': 'analytics.widget.weekCostByArea',
  'today-cost-share-by-destination': 'analytics.widget.todayCostShareByDestination',
  'week-cost-by-extension': 'analytics.widget.weekCostByExtension',
  'week-cost-by-date': 'analytics.widget.weekCostByDate',
  'today-cost-by-hour': 'analytics.widget.todayCostByHour',
  'today-cost-share-by-department': 'analytics.widget.todayCostShareByDepartment',
  'today-cost-share-by-area': 'analytics.widget.todayCostShareByArea',
  'top-international-by-duration': 'analytics.widget.topInternationalByDuration',
  'personal-traffic-30-days': 'analytics.widget.personalTraffic30Days',
  'today-status-by-department': 'analytics.widget.todayStatusByDepartment',
  'today-status-by-area': 'analytics.widget.todayStatusByArea',
  'status-last-7-days': 'analytics.widget.statusLast7Days',
  'last-calls': 'analytics.widget.lastCalls',
};
const zoneKeys: Record<Zone, string> = {
  'top-left': 'analytics.dashboard.zone.topLeft',
  'top-right': 'analytics.dashboard.zone.topRight',
  'bottom-left': 'analytics.dashboard.zone.bottomLeft',
  'bottom-right': 'analytics.dashboard.zone.bottomRight',
};
const widgetTitle = (ctx: PageContext, id: WidgetId) => ctx.t(widgetKeys[id]);
const zoneName = (ctx: PageContext, zone: Zone) => ctx.t(zoneKeys[zone]);

function ActionButton({
  ctx,
  widget,
  action,
  label,
  text,
}: {
  ctx: PageContext;
  widget: WidgetId;
  action: string;
  label: string;
  text: string;
}) {
  return (
    <form method="post" action={`/dashboard/widgets/${widget}`} class="inline">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="action" value={action} />
      <button type="submit" class="icon-button" aria-label={label} title={label}>
        <span aria-hidden="true">{text}</span>
      </button>
    </form>
  );
}

function WidgetCard({
  ctx,
  placed,
  data,
  draw,
}: {
  ctx: PageContext;
  placed: PlacedWidget;
  data: WidgetData | undefined;
  draw: DashboardPageProps['draw'];
}) {
  const { t } = ctx;
  const title = widgetTitle(ctx, placed.widget);
  const headingId = `widget-${placed.widget}`;
  return (
    <section
      class={`card widget${placed.minimised ? ' is-minimised' : ''}`}
      aria-labelledby={headingId}
      id={`w-${placed.widget}`}
    >
      <header class="widget-head">
        <h2 id={headingId}>{title}</h2>
        <div class="widget-actions">
          <ActionButton
            ctx={ctx}
            widget={placed.widget}
            action="up"
            label={t('analytics.dashboard.up', { title })}
            text="▲"
          />
          <ActionButton
            ctx={ctx}
            widget={placed.widget}
            action="down"
            label={t('analytics.dashboard.down', { title })}
            text="▼"
          />
          <ActionButton
            ctx={ctx}
            widget={placed.widget}
            action="minimise"
            label={
              placed.minimised
                ? t('analytics.dashboard.restore', { title })
                : t('analytics.dashboard.minimise', { title })
            }
            text={placed.minimised ? '▢' : '–'}
          />
          <ActionButton
            ctx={ctx}
            widget={placed.widget}
            action="remove"
            label={t('analytics.dashboard.remove', { title })}
            text="✕"
          />
        </div>
      </header>
      {placed.minimised ? null : (
        <div class="widget-body">
          {data?.kind === 'chart' ? <ChartFigure ctx={ctx} data={data} title={title} draw={draw} /> : null}
          {data?.kind === 'calls' ? <LastCallsTable ctx={ctx} page={data.page} caption={title} compact /> : null}
          <form method="post" action={`/dashboard/widgets/${placed.widget}`} class="move-form">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="action" value="move" />
            <label for={`zone-${placed.widget}`}>{t('analytics.dashboard.moveTo')}</label>
            <select id={`zone-${placed.widget}`} name="zone">
              {zones.map((z) => (
                <option value={z} selected={z === placed.zone}>
                  {zoneName(ctx, z)}
                </option>
              ))}
            </select>
            <button type="submit" class="secondary">
              {t('analytics.dashboard.move')}
            </button>
          </form>
        </div>
      )}
    </section>
  );
}

function AddWidgets({ ctx, layout }: { ctx: PageContext; layout: DashboardLayout }) {
  const { t } = ctx;
  const missing = widgetIds.filter((id) => !layout.some((w) => w.widget === id));
  return (
    <details class="add-widgets card">
      <summary>{t('analytics.dashboard.add')}</summary>
      {missing.length === 0 ? (
        <p class="empty">{t('analytics.dashboard.allShown')}</p>
      ) : (
        <form method="post" action="/dashboard/widgets" class="form">
          <CsrfField ctx={ctx} />
          <fieldset>
            <legend>{t('analytics.dashboard.gallery')}</legend>
            {missing.map((id) => (
              <label class="check">
                <input type="checkbox" name="widget" value={id} /> {widgetTitle(ctx, id)}
              </label>
            ))}
          </fieldset>
          <label for="add-zone">{t('analytics.dashboard.targetZone')}</label>
          <select id="add-zone" name="zone">
            {zones.map((z) => (
              <option value={z}>{zoneName(ctx, z)}</option>
            ))}
          </select>
          <button type="submit">{t('analytics.dashboard.addSelected')}</button>
        </form>
      )}
    </details>
  );
}

/**
 * Call Analytics' Dashboard (user guide §2.2): the person's widgets in four zones, each added, moved, minimised and
 * removed with a form.
 */
export function DashboardPage({ ctx, props }: { ctx: PageContext; props: DashboardPageProps }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('nav.dashboard')}>
      <AddWidgets ctx={ctx} layout={props.layout} />
      {props.layout.length === 0 ? <p class="empty">{t('analytics.dashboard.emptyLayout')}</p> : null}
      <div class="dashboard-zones">
        {zones.map((zone) => {
          const placed = props.layout.filter((w) => w.zone === zone);
          return (
            <div class={`zone zone-${zone}`} role="region" aria-label={zoneName(ctx, zone)}>
              {placed.map((p) => (
                <WidgetCard ctx={ctx} placed={p} data={props.data.get(p.widget)} draw={props.draw} />
              ))}
            </div>
          );
        })}
      </div>
    </Layout>
  );
}
