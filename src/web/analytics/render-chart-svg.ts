import type * as Echarts from 'echarts';
import { lazyModule } from '../../lazy-module.js';

// echarts is imported before the first drawing (src/lazy-module.ts): `ready()`.
const echartsModule = lazyModule('echarts', () => import('echarts'));

export type ChartKind = 'pie' | 'bar' | 'line' | 'stacked-bar';

/** What a chart shows: one label per point, one or more series of values over those labels. */
export interface ChartSpec {
  kind: ChartKind;
  labels: string[];
  series: Array<{ name: string; values: number[] }>;
  /** Right-to-left pages put the value axis on the right and the legend on the left. */
  rtl: boolean;
  width: number;
  height: number;
}

const palette = [
  '#1f5fa8',
  '#d9822b',
  '#2e8540',
  '#b33a3a',
  '#6b4fa3',
  '#8a6d3b',
  '#2b8a99',
  '#c2185b',
  '#5d6d7e',
  '#7cb342',
];

function optionOf(spec: ChartSpec): Echarts.EChartsCoreOption {
  const base = { animation: false, color: palette, textStyle: { fontFamily: 'sans-serif', fontSize: 12 } };
  if (spec.kind === 'pie') {
    const values = spec.series[0]?.values ?? [];
    return {
      ...base,
      series: [
        {
          type: 'pie',
          center: ['50%', '44%'],
          radius: ['26%', '52%'],
          label: { formatter: '{d}%', fontSize: 11 },
          data: spec.labels.map((name, i) => ({ name, value: values[i] ?? 0 })),
        },
      ],
      legend: { type: 'scroll', bottom: 0, [spec.rtl ? 'right' : 'left']: 0, itemWidth: 12, itemHeight: 10 },
    };
  }
  const stacked = spec.kind === 'stacked-bar';
  return {
    ...base,
    grid: { top: 16, bottom: spec.series.length > 1 ? 48 : 24, left: 8, right: 8, containLabel: true },
    legend:
      spec.series.length > 1
        ? { bottom: 0, [spec.rtl ? 'right' : 'left']: 0, itemWidth: 12, itemHeight: 10 }
        : undefined,
    xAxis: { type: 'category', data: spec.labels, inverse: spec.rtl, axisLabel: { hideOverlap: true, fontSize: 11 } },
    yAxis: { type: 'value', position: spec.rtl ? 'right' : 'left', minInterval: 1 },
    series: spec.series.map((s) => ({
      type: spec.kind === 'line' ? 'line' : 'bar',
      name: s.name,
      data: s.values,
      stack: stacked ? 'total' : undefined,
    })),
  };
}

function drawSvg(spec: ChartSpec): string {
  const chart = echartsModule
    .loaded()
    .init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption(optionOf(spec));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export interface ChartRenderer {
  /** The chart as a `data:` URI; only after `ready()` has resolved. */
  draw(spec: ChartSpec): string;
  /** Resolves once echarts is imported (at once after the first time). */
  ready(): Promise<void>;
}

/**
 * Charts as SVG drawn on the server (no client script, so the CSP stays
 * strict), as `data:` URIs for an <img>: echarts' SVG carries style
 * attributes that the page's CSP would refuse inline. Drawing costs tens of
 * milliseconds, and a dashboard redraws the same figures until calls arrive,
 * so the last few hundred drawings are kept by their spec.
 */
export function createChartRenderer(capacity = 500): ChartRenderer {
  const cache = new Map<string, string>();
  const draw = (spec: ChartSpec): string => {
    const key = JSON.stringify(spec);
    const hit = cache.get(key);
    if (hit !== undefined) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
    const uri = `data:image/svg+xml;base64,${Buffer.from(drawSvg(spec)).toString('base64')}`;
    cache.set(key, uri);
    if (cache.size > capacity) cache.delete(cache.keys().next().value!);
    return uri;
  };
  return { draw, ready: async () => void (await echartsModule.load()) };
}
