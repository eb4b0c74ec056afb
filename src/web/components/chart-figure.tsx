import type { WidgetData, WidgetPoint } from '../analytics/dashboard-widgets.js';
import type { ChartSpec } from '../analytics/render-chart-svg.js';
import { minorToDecimal } from '../../../tariffs/index.js';
import { cachedFormat } from '../../i18n/index.js';
import type { PageContext } from '../page-context.js';

type ChartData = Extract<WidgetData, { kind: 'chart' }>;

interface Series {
  name: string;
  values: number[];
  cells: string[];
}

function labelOf(ctx: PageContext, p: WidgetPoint, interval: 'hour' | 'day' | null, currencies: number): string {
  if (p.start !== null) {
    // Axis labels stay short: an hour, or a day and month.
    const options: Intl.DateTimeFormatOptions =
      interval === 'hour' ? { hour: 'numeric' } : { day: 'numeric', month: 'short' };
    const timeZone = ctx.viewer?.timeZone ?? 'UTC';
    const format = cachedFormat(
      `chart-axis|${ctx.lang}|${timeZone}|${interval === 'hour' ? 'hour' : 'day'}`,
      () => new Intl.DateTimeFormat(ctx.lang, { ...options, timeZone }),
    );
    return format.format(new Date(p.start * 1000));
  }
  const base =
    p.label === '' ? ctx.t('analytics.chart.other') : p.label === '(none)' ? ctx.t('analytics.chart.none') : p.label;
  return currencies > 1 && p.currency ? `${base} (${p.currency})` : base;
}

/** The chart's series in the viewer's words, with the table view's formatted cells. */
export function chartSeries(ctx: PageContext, data: ChartData): { labels: string[]; series: Series[] } {
  const points = data.rest ? [...data.points, data.rest] : data.points;
  const currencies = new Set(points.map((p) => p.currency).filter(Boolean)).size;
  const labels = points.map((p) => labelOf(ctx, p, data.interval, currencies));
  const { t, format } = ctx;
  switch (data.measure) {
    case 'cost':
      return {
        labels,
        series: [
          {
            name: t('analytics.chart.cost'),
            values: points.map((p) => (p.currency ? Number(minorToDecimal(p.costMinor, p.currency)) : 0)),
            cells: points.map((p) => (p.currency ? format.money(p.costMinor, p.currency) : format.number(0))),
          },
        ],
      };
    case 'duration':
      return {
        labels,
        series: [
          {
            name: t('analytics.chart.minutes'),
            values: points.map((p) => Math.round(p.durationSeconds / 60)),
            cells: points.map((p) => format.duration(p.durationSeconds)),
          },
        ],
      };
    case 'calls':
      return {
        labels,
        series: [
          {
            name: t('analytics.chart.calls'),
            values: points.map((p) => p.calls),
            cells: points.map((p) => format.number(p.calls)),
          },
        ],
      };
    case 'status':
      return {
        labels,
        series: [
          {
            name: t('analytics.chart.answered'),
            values: points.map((p) => p.answered),
            cells: points.map((p) => format.number(p.answered)),
          },
          {
            name: t('analytics.chart.unanswered'),
            values: points.map((p) => p.unanswered),
            cells: points.map((p) => format.number(p.unanswered)),
          },
        ],
      };
  }
}

/**
 * A chart drawn on the server as an image, and the same figures as a table
 * (for screen readers and for reading exact values). `draw` renders the SVG.
 */
export function ChartFigure(props: {
  ctx: PageContext;
  data: ChartData;
  title: string;
  draw: (spec: ChartSpec) => string;
  width?: number;
  height?: number;
}) {
  const { ctx, data, title } = props;
  const { labels, series } = chartSeries(ctx, data);
  if (labels.length === 0 || series.every((s) => s.values.every((v) => v === 0)))
    return <p class="empty">{ctx.t('analytics.chart.empty')}</p>;
  const spec: ChartSpec = {
    kind: data.chart,
    labels,
    series: series.map((s) => ({ name: s.name, values: s.values })),
    rtl: ctx.dir === 'rtl',
    width: props.width ?? 420,
    height: props.height ?? 260,
  };
  return (
    <figure class="chart">
      <img
        src={props.draw(spec)}
        alt={ctx.t('analytics.chart.alt', { title })}
        width={spec.width}
        height={spec.height}
      />
      <details class="chart-table">
        <summary>{ctx.t('analytics.chart.tableView')}</summary>
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{ctx.t('analytics.chart.label')}</th>
              {series.map((s) => (
                <th scope="col" class="num">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr>
                <th scope="row">{label}</th>
                {series.map((s) => (
                  <td class="num">{s.cells[i]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
