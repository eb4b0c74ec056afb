import { minorToDecimal } from '../../../tariffs/index.js';
import type { BudgetStatus } from '../../budgets/index.js';
import type { ComponentChildren } from 'preact';
import { periodKeys } from '../components/budget-texts.js';
import { CsrfField, Layout, Notice } from '../components/layout.js';
import type { PageContext } from '../page-context.js';
import { BudgetRulesFields } from './budget-rules-fields.js';

export interface BudgetsPageProps {
  budgets: BudgetStatus[];
  notice?: string;
  error?: string;
  /** What the create form held when it was refused. */
  draft?: Record<string, string>;
  /** Usernames each group budget leaves out, by budget id. */
  excludedNames?: Record<number, string[]>;
}

const scopeKeys = {
  user: 'budgets.admin.scope.user',
  department: 'budgets.admin.scope.department',
  'cost-centre': 'budgets.admin.scope.cost-centre',
} as const;
const sharingKeys = {
  single: 'budgets.admin.sharing.single',
  pool: 'budgets.admin.sharing.pool',
  'per-member': 'budgets.admin.sharing.per-member',
} as const;

function Field({ id, label, children }: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
    </div>
  );
}

function CreateForm({ ctx, draft = {} }: { ctx: PageContext; draft?: Record<string, string> }) {
  const { t } = ctx;
  return (
    <details class="card" open={Object.keys(draft).length > 0}>
      <summary>{t('budgets.admin.new')}</summary>
      <form method="post" action="/budgets" class="form grid-form">
        <CsrfField ctx={ctx} />
        <Field id="b-name" label={t('budgets.admin.name')}>
          <input id="b-name" name="name" required maxlength={120} value={draft.name ?? ''} />
        </Field>
        <Field id="b-scope" label={t('budgets.admin.scopeLabel')}>
          <select id="b-scope" name="scope">
            {(['user', 'department', 'cost-centre'] as const).map((s) => (
              <option value={s} selected={draft.scope === s}>
                {t(scopeKeys[s])}
              </option>
            ))}
          </select>
        </Field>
        <Field id="b-target" label={t('budgets.admin.target')}>
          <input id="b-target" name="target" required value={draft.target ?? ''} />
        </Field>
        <Field id="b-sharing" label={t('budgets.admin.sharingLabel')}>
          <select id="b-sharing" name="sharing">
            {(['pool', 'per-member'] as const).map((s) => (
              <option value={s} selected={draft.sharing === s}>
                {t(sharingKeys[s])}
              </option>
            ))}
          </select>
        </Field>
        <Field id="b-period" label={t('budgets.admin.period')}>
          <select id="b-period" name="period">
            {(['month', 'week', 'day'] as const).map((p) => (
              <option value={p} selected={draft.period === p}>
                {t(periodKeys[p] as string)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="b-amount" label={t('budgets.admin.amount')}>
          <input id="b-amount" name="amount" required inputmode="decimal" value={draft.amount ?? ''} />
        </Field>
        <Field id="b-currency" label={t('budgets.admin.currency')}>
          <input id="b-currency" name="currency" required maxlength={3} value={draft.currency ?? 'EUR'} />
        </Field>
        <label class="check">
          <input type="checkbox" name="rollover" value="1" checked={draft.rollover === '1'} />
          {` ${t('budgets.admin.rollover')}`}
        </label>
        <label class="check">
          <input type="checkbox" name="deny" value="1" checked={draft.deny !== '0'} />
          {` ${t('budgets.admin.deny')}`}
        </label>
        <button type="submit">{t('budgets.admin.create')}</button>
      </form>
    </details>
  );
}

function BudgetRow({ ctx, status, excluded }: { ctx: PageContext; status: BudgetStatus; excluded: string[] }) {
  const { t, format } = ctx;
  const { budget } = status;
  const money = (minor: number) => format.money(minor, budget.currency);
  const total = (pick: (s: BudgetStatus['subjects'][number]) => number) =>
    status.subjects.reduce((sum, s) => sum + pick(s), 0);
  const id = (name: string) => `b${budget.id}-${name}`;
  return (
    <section class="card budget-admin" aria-labelledby={id('title')}>
      <h2 id={id('title')}>{budget.name}</h2>
      <dl class="figures">
        <div class="figure">
          <dt>{t('budgets.admin.scopeLabel')}</dt>
          <dd>
            {`${t(scopeKeys[budget.scope])}: ${status.targetName}` +
              `${budget.sharing === 'per-member' ? ` (${t(sharingKeys['per-member'])})` : ''}`}
          </dd>
        </div>
        <div class="figure">
          <dt>{t('budgets.periodLabel')}</dt>
          <dd>
            {`${t(periodKeys[budget.period] as string)} · ` +
              `${format.calendarDate(status.period.start)} – ` +
              `${format.calendarDate(new Date(status.period.end.getTime() - 1))}`}
          </dd>
        </div>
        <div class="figure">
          <dt>{t('budgets.amount')}</dt>
          <dd>{money(total((s) => s.allowanceMinor))}</dd>
        </div>
        <div class="figure">
          <dt>{t('budgets.spent')}</dt>
          <dd>{money(total((s) => s.spentMinor))}</dd>
        </div>
        <div class="figure">
          <dt>{t('budgets.remaining')}</dt>
          <dd>{money(total((s) => s.remainingMinor))}</dd>
        </div>
      </dl>
      <div class="actions">
        <a href={`/budgets/${budget.id}/history`}>{t('budgets.history')}</a>
        <details>
          <summary>{t('budgets.admin.edit')}</summary>
          <form method="post" action={`/budgets/${budget.id}`} class="form">
            <CsrfField ctx={ctx} />
            <label for={id('name')}>{t('budgets.admin.name')}</label>
            <input id={id('name')} name="name" value={budget.name} required maxlength={120} />
            <label for={id('amount')}>{t('budgets.admin.amount')}</label>
            <input
              id={id('amount')}
              name="amount"
              inputmode="decimal"
              value={minorToDecimal(budget.amountMinor, budget.currency)}
              required
            />
            <input type="hidden" name="rollover" value="0" />
            <label class="check">
              <input type="checkbox" name="rollover" value="1" checked={budget.rollover} />
              {` ${t('budgets.admin.rollover')}`}
            </label>
            <input type="hidden" name="deny" value="0" />
            <label class="check">
              <input type="checkbox" name="deny" value="1" checked={budget.denyWhenSpent} />
              {` ${t('budgets.admin.deny')}`}
            </label>
            <BudgetRulesFields
              ctx={ctx}
              idPrefix={id('rules')}
              thresholds={budget.thresholds}
              excluded={budget.scope === 'user' ? null : excluded}
            />
            <button type="submit">{t('budgets.admin.save')}</button>
          </form>
        </details>
        <details>
          <summary>{t('budgets.admin.credit')}</summary>
          <form method="post" action={`/budgets/${budget.id}/credit`} class="form">
            <CsrfField ctx={ctx} />
            <label for={id('credit')}>{t('budgets.admin.creditAmount')}</label>
            <input id={id('credit')} name="amount" inputmode="decimal" required />
            {budget.sharing === 'per-member' ? (
              <>
                <label for={id('member')}>{t('users.username')}</label>
                <input id={id('member')} name="member" required />
              </>
            ) : null}
            <label for={id('reason')}>{t('budgets.admin.reason')}</label>
            <input id={id('reason')} name="reason" maxlength={200} />
            <button type="submit">{t('budgets.admin.apply')}</button>
          </form>
        </details>
        <details>
          <summary>{t('budgets.admin.remove')}</summary>
          <form method="post" action={`/budgets/${budget.id}/remove`} class="form">
            <CsrfField ctx={ctx} />
            <button type="submit" class="danger">
              {t('budgets.admin.removeConfirm')}
            </button>
          </form>
        </details>
      </div>
    </section>
  );
}

/** Budget Control for administrators: every budget with its current period, create, edit, credit, remove, export. */
export function BudgetsPage({ ctx, props }: { ctx: PageContext; props: BudgetsPageProps }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('nav.budgets')}>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <p class="exports">
        <span>{`${t('budgets.admin.export')}: `}</span>
        <a href="/budgets/export.csv" download>
          {t('budgets.admin.exportCsv')}
        </a>
        <a href="/budgets/export.xlsx" download>
          {t('budgets.admin.exportXlsx')}
        </a>
      </p>
      <CreateForm ctx={ctx} draft={props.draft} />
      {props.budgets.length === 0 ? <p>{t('budgets.admin.none')}</p> : null}
      <div class="cards">
        {props.budgets.map((status) => (
          <BudgetRow ctx={ctx} status={status} excluded={props.excludedNames?.[status.budget.id] ?? []} />
        ))}
      </div>
    </Layout>
  );
}
