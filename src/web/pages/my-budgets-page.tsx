import type { BudgetHistoryEntry, ViewerBudget } from '../../budgets/index.js';
import { eventKeys, periodKeys } from '../components/budget-texts.js';
import { Layout } from '../components/layout.js';
import { LockIcon } from '../components/lock-icon.js';
import type { PageContext } from '../page-context.js';

export interface MyBudgetsPageProps {
  budgets: ViewerBudget[];
  /** The budget whose History tab is open, with its entries. */
  history?: { budgetId: number; entries: BudgetHistoryEntry[] };
}

function BudgetTabs({ ctx, budgetId, history }: { ctx: PageContext; budgetId: number; history: boolean }) {
  return (
    <nav class="tabs" aria-label={ctx.t('nav.myBudgets')}>
      <a href="/budgets/mine" aria-current={history ? undefined : 'page'}>
        {ctx.t('budgets.overview')}
      </a>
      <a href={`/budgets/mine/${budgetId}/history`} aria-current={history ? 'page' : undefined}>
        {ctx.t('budgets.history')}
      </a>
    </nav>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div class="figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function BudgetCard({ ctx, item, props }: { ctx: PageContext; item: ViewerBudget; props: MyBudgetsPageProps }) {
  const { t, format } = ctx;
  const { budget, period } = item.status;
  const own = item.own;
  const money = (minor: number) => format.money(minor, budget.currency);
  const phoneLocked = own.lockedLineIds.length > 0 || (own.exhausted && budget.denyWhenSpent);
  const history = props.history?.budgetId === budget.id ? props.history.entries : null;
  const until = new Date(period.end.getTime() - 1);
  return (
    <section class="card budget-card" aria-labelledby={`budget-${budget.id}`}>
      <h2 id={`budget-${budget.id}`}>
        {`${budget.name} · ${t(periodKeys[budget.period] ?? 'budgets.period.month')} (` +
          `${money(own.allowanceMinor)})`}
      </h2>
      <BudgetTabs ctx={ctx} budgetId={budget.id} history={history !== null} />
      {history === null ? (
        <>
          <dl class="figures">
            <Figure label={t('budgets.amount')} value={money(own.allowanceMinor)} />
            <Figure label={t('budgets.spent')} value={money(own.spentMinor)} />
            <Figure label={t('budgets.remaining')} value={money(own.remainingMinor)} />
            <Figure label={t('budgets.periodLabel')} value={t(periodKeys[budget.period] ?? 'budgets.period.month')} />
            <Figure label={t('budgets.until')} value={format.calendarDate(until)} />
          </dl>
          <div class="meter" role="img" aria-label={`${format.number(own.percentUsed)} %`}>
            <span class={`meter-bar p${Math.min(100, Math.round(own.percentUsed / 5) * 5)}`}></span>
          </div>
          <p class={`lock-state ${phoneLocked ? 'is-locked' : 'is-unlocked'}`}>
            <LockIcon locked={phoneLocked} />
            <span>{`${t('budgets.phoneState')}: ${phoneLocked ? t('lock.locked') : t('lock.unlocked')}`}</span>
          </p>
          {own.exhausted ? <p class="notice notice-error">{t('budgets.exhausted')}</p> : null}
        </>
      ) : (
        <HistoryTable ctx={ctx} entries={history} currency={budget.currency} />
      )}
    </section>
  );
}

export function HistoryTable({
  ctx,
  entries,
  currency,
}: {
  ctx: PageContext;
  entries: BudgetHistoryEntry[];
  currency: string;
}) {
  const { t, format } = ctx;
  if (entries.length === 0) return <p>{t('budgets.noHistory')}</p>;
  return (
    <table class="history-table">
      <thead>
        <tr>
          <th scope="col">{t('budgets.when')}</th>
          <th scope="col">{t('budgets.what')}</th>
          <th scope="col">{t('budgets.who')}</th>
          <th scope="col">{t('budgets.details')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr>
            <td data-label={t('budgets.when')}>{format.dateTime(e.at)}</td>
            <td data-label={t('budgets.what')}>{t(eventKeys[e.kind] ?? 'budgets.event.changed')}</td>
            <td data-label={t('budgets.who')}>{e.actor}</td>
            <td data-label={t('budgets.details')}>
              {[e.amountMinor === null ? '' : format.money(e.amountMinor, currency), e.detail]
                .filter(Boolean)
                .join(' · ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Budget Control's My budgets (user guide §3): each budget that applies to me, and its History tab. */
export function MyBudgetsPage({ ctx, props }: { ctx: PageContext; props: MyBudgetsPageProps }) {
  return (
    <Layout ctx={ctx} title={ctx.t('nav.myBudgets')}>
      {props.budgets.length === 0 ? <p>{ctx.t('budgets.none')}</p> : null}
      <div class="cards">
        {props.budgets.map((item) => (
          <BudgetCard ctx={ctx} item={item} props={props} />
        ))}
      </div>
    </Layout>
  );
}
