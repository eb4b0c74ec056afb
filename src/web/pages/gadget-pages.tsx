import type { ViewerBudget } from '../../budgets/index.js';
import type { ViewerLine } from '../../locks/index.js';
import type { CallPage, TrendReport } from '../../reports/index.js';
import { callTypes, type CallType } from '../analytics/call-type.js';
import type { WidgetData } from '../analytics/dashboard-widgets.js';
import { outgoingRanges, type OutgoingRange } from '../analytics/my-calls.js';
import type { ChartSpec } from '../analytics/render-chart-svg.js';
import { ChartFigure } from '../components/chart-figure.js';
import { GadgetLayout, gadgetPaths } from '../components/gadget-layout.js';
import { callTypeKeys, LastCallsTable } from '../components/last-calls-table.js';
import { CsrfField, Notice } from '../components/layout.js';
import { LockIcon } from '../components/lock-icon.js';
import type { PageContext } from '../page-context.js';
import { lineLabel } from './my-phone-page.js';

const rangeKeys: Record<OutgoingRange, string> = {
  today: 'analytics.gadget.ranges.today',
  yesterday: 'analytics.gadget.ranges.yesterday',
  'last-7-days': 'analytics.gadget.ranges.last7Days',
};

type Draw = (spec: ChartSpec) => string;
const gadgetChart = { width: 300, height: 180 };

export interface CallAnalyticsGadgetProps {
  range: OutgoingRange;
  type: CallType | null;
  trend: TrendReport;
  calls: CallPage;
  draw: Draw;
}

/**
 * §5.1: my outgoing calls of today, yesterday or the last 7 days as a chart, my calls filtered by type, and the way
 * to the reports.
 */
export function CallAnalyticsGadget({ ctx, props }: { ctx: PageContext; props: CallAnalyticsGadgetProps }) {
  const { t } = ctx;
  const data: WidgetData = {
    kind: 'chart',
    chart: 'bar',
    measure: 'calls',
    interval: props.range === 'last-7-days' ? 'day' : 'hour',
    points: props.trend.points.map((p) => ({ ...p, start: p.start })),
    rest: null,
  };
  const title = t('analytics.gadget.outgoing');
  return (
    <GadgetLayout ctx={ctx} title={t('analytics.gadget.callAnalytics')}>
      <form method="get" action={gadgetPaths.callAnalytics} class="gadget-filter">
        <label for="range">{t('analytics.gadget.range')}</label>
        <select id="range" name="range">
          {outgoingRanges.map((r) => (
            <option value={r} selected={r === props.range}>
              {t(rangeKeys[r])}
            </option>
          ))}
        </select>
        <label for="type">{t('analytics.gadget.callList')}</label>
        <select id="type" name="type">
          <option value="">{t('analytics.gadget.allCalls')}</option>
          {callTypes.map((c) => (
            <option value={c} selected={c === props.type}>
              {t(callTypeKeys[c])}
            </option>
          ))}
        </select>
        <button type="submit">{t('analytics.gadget.show')}</button>
      </form>
      <h2>{title}</h2>
      <ChartFigure ctx={ctx} data={data} title={title} draw={props.draw} {...gadgetChart} />
      <h2>{t('analytics.gadget.callList')}</h2>
      <LastCallsTable ctx={ctx} page={props.calls} caption={t('analytics.gadget.callList')} compact />
      <p>
        <a href="/reports/interactive" target="_blank" rel="noopener">
          {t('analytics.gadget.reports')}
        </a>
      </p>
    </GadgetLayout>
  );
}

/** §5.2: for each of my budgets, spend against what is left as a chart, and the recent calls it counted. */
export function BudgetControlGadget({
  ctx,
  props,
}: {
  ctx: PageContext;
  props: { budgets: Array<{ budget: ViewerBudget; calls: CallPage }>; draw: Draw };
}) {
  const { t, format } = ctx;
  return (
    <GadgetLayout ctx={ctx} title={t('analytics.gadget.budgetControl')}>
      {props.budgets.length === 0 ? <p class="empty">{t('analytics.gadget.noBudgets')}</p> : null}
      {props.budgets.map(({ budget, calls }) => {
        const { own, status } = budget;
        const currency = status.budget.currency;
        const point = (label: string, costMinor: number) => ({
          label,
          start: null,
          currency,
          calls: 0,
          answered: 0,
          unanswered: 0,
          durationSeconds: 0,
          costMinor,
        });
        const data: WidgetData = {
          kind: 'chart',
          chart: 'pie',
          measure: 'cost',
          interval: null,
          points: [
            point(t('analytics.gadget.spent'), own.spentMinor),
            point(t('analytics.gadget.remaining'), Math.max(own.remainingMinor, 0)),
          ],
          rest: null,
        };
        const title = status.budget.name;
        return (
          <section class="gadget-budget" aria-labelledby={`budget-${status.budget.id}`}>
            <h2 id={`budget-${status.budget.id}`}>{title}</h2>
            <p>
              {t('analytics.gadget.spentOf', {
                spent: format.money(own.spentMinor, currency),
                allowance: format.money(own.allowanceMinor, currency),
              })}
              {own.exhausted ? <strong class="badge-spent"> {t('analytics.gadget.exhausted')}</strong> : null}
            </p>
            <ChartFigure ctx={ctx} data={data} title={title} draw={props.draw} {...gadgetChart} />
            <h3>{t('analytics.gadget.countedCalls')}</h3>
            <LastCallsTable ctx={ctx} page={calls} caption={t('analytics.gadget.countedCalls')} compact />
          </section>
        );
      })}
    </GadgetLayout>
  );
}

/** §5.3: one button per line that locks or unlocks it, with the state above it. */
export function PhoneLockGadget({ ctx, props }: { ctx: PageContext; props: { lines: ViewerLine[]; notice?: string } }) {
  const { t } = ctx;
  return (
    <GadgetLayout ctx={ctx} title={t('analytics.gadget.phoneLock')}>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.lines.length === 0 ? <p>{t('myPhone.noLines')}</p> : null}
      {props.lines.map(({ state }) => {
        const mine = state.kinds.includes('user');
        return (
          <section class="gadget-lock" aria-labelledby={`line-${state.lineId}`}>
            <h2 id={`line-${state.lineId}`}>{t('myPhone.line', { line: lineLabel(state) })}</h2>
            <p class={`lock-state ${state.locked ? 'is-locked' : 'is-unlocked'}`}>
              <LockIcon locked={state.locked} />
              <strong>{state.locked ? t('lock.locked') : t('lock.unlocked')}</strong>
            </p>
            <form method="post" action={`${gadgetPaths.phoneLock}/lines/${state.lineId}/lock`}>
              <CsrfField ctx={ctx} />
              <input type="hidden" name="locked" value={mine ? '0' : '1'} />
              <button type="submit" class={`lock-button ${mine ? 'secondary' : 'primary'}`}>
                {mine ? t('myPhone.unlock') : t('myPhone.lock')}
              </button>
            </form>
            {state.kinds.some((k) => k !== 'user') ? <p class="hint">{t('myPhone.othersHold')}</p> : null}
          </section>
        );
      })}
    </GadgetLayout>
  );
}
