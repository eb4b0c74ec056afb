import type { CallPage, ReportRow } from '../../reports/index.js';
import { callTypeOf, type CallType } from '../analytics/call-type.js';
import type { PageContext } from '../page-context.js';

const CURRENCY_KEY = '__currency';

const icons: Record<CallType, string> = {
  incoming: 'M19 5 7 17m0-9v9h9',
  outgoing: 'M5 19 17 7m0 9V7H8',
  missed: 'M4 7l6 6 4-4 6 6M16 15h4v-4',
  internal: 'M4 11l8-7 8 7v9h-5v-6H9v6H4z',
};

export const callTypeKeys: Record<CallType, string> = {
  incoming: 'analytics.callType.incoming',
  outgoing: 'analytics.callType.outgoing',
  missed: 'analytics.callType.missed',
  internal: 'analytics.callType.internal',
};

/** Each icon's markup, made once: a list of 200 calls draws it 200 times (no viewer's data in it). */
const iconMarkup = Object.fromEntries(
  Object.entries(icons).map(([type, d]) => [
    type,
    '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">' +
      `<path d="${d}" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" ` +
      'stroke-linejoin="round"></path></svg>',
  ]),
) as Record<CallType, string>;

/** The TYPE column's icon (user guide §2.1), with its name for screen readers (`label`: already translated). */
export function CallTypeIcon({ ctx, type, label }: { ctx: PageContext; type: CallType; label?: string }) {
  const name = label ?? ctx.t(callTypeKeys[type]);
  return (
    <span
      class={`call-type call-type-${type}`}
      role="img"
      aria-label={name}
      title={name}
      dangerouslySetInnerHTML={{ __html: iconMarkup[type] }}
    />
  );
}

/**
 * Where a number on the list leads: the Interactive Reports run page with the
 * calls to or from that number (query parameters `number`, `match` and
 * `users`). A masked number is matched by its visible leading digits.
 */
export function numberReportHref(number: string, username: string | null): string {
  const masked = number.includes('*');
  const visible = masked ? number.slice(0, number.indexOf('*')) : number;
  const params = new URLSearchParams({ number: visible, match: masked ? 'startsWith' : 'equals' });
  if (username) params.set('users', username);
  return `/reports/interactive/run?${params.toString()}`;
}

/** A sentinel no translation holds: a message translated once with it stands for every value put in its place. */
const SLOT = '\u0001';

/** The texts every row repeats, translated once per list rather than once per row. */
function rowTexts(t: PageContext['t']) {
  const numberReport = t('analytics.home.numberReport', { number: SLOT });
  return {
    type: Object.fromEntries(Object.entries(callTypeKeys).map(([k, key]) => [k, t(key)])) as Record<CallType, string>,
    numberReport: (number: string) => numberReport.split(SLOT).join(number),
    internalGateway: t('analytics.home.internalGateway'),
  };
}

function NumberCell({ ctx, row, title }: { ctx: PageContext; row: ReportRow; title: (number: string) => string }) {
  const number = typeof row.number === 'string' ? row.number : '';
  const visible = number.includes('*') ? number.slice(0, number.indexOf('*')) : number;
  if (!visible) return <span dir="ltr">{number}</span>;
  return (
    <a class="number" dir="ltr" href={numberReportHref(number, ctx.viewer?.username ?? null)} title={title(number)}>
      <strong>{number}</strong>
    </a>
  );
}

/** A list of calls as the Home page shows them; `compact` drops the extension name (gadgets, 320 px). */
export function LastCallsTable({
  ctx,
  page,
  compact = false,
  caption,
}: {
  ctx: PageContext;
  page: CallPage;
  compact?: boolean;
  caption: string;
}) {
  const { t, format } = ctx;
  if (page.rows.length === 0) return <p class="empty">{t('analytics.home.noCalls')}</p>;
  const texts = rowTexts(t);
  return (
    <div class="table-scroll">
      <table class={`calls-table${compact ? ' compact' : ''}`}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('analytics.column.type')}</th>
            {compact ? null : <th scope="col">{t('analytics.column.extension')}</th>}
            {compact ? null : <th scope="col">{t('analytics.column.extensionName')}</th>}
            <th scope="col">{t('analytics.column.number')}</th>
            <th scope="col">{t('analytics.column.date')}</th>
            {compact ? null : <th scope="col">{t('analytics.column.time')}</th>}
            <th scope="col" class="num">
              {t('analytics.column.duration')}
            </th>
            <th scope="col" class="num">
              {t('analytics.column.cost')}
            </th>
            {compact ? null : <th scope="col">{t('analytics.column.gateway')}</th>}
          </tr>
        </thead>
        <tbody>
          {page.rows.map((row) => {
            const at = new Date(Number(row.startedAt) * 1000);
            const currency = row[CURRENCY_KEY];
            const type = callTypeOf(row);
            return (
              <tr>
                <td>
                  <CallTypeIcon ctx={ctx} type={type} label={texts.type[type]} />
                </td>
                {compact ? null : <td dir="ltr">{String(row.extension ?? '')}</td>}
                {compact ? null : <td>{String(row.userName ?? '')}</td>}
                <td>
                  <NumberCell ctx={ctx} row={row} title={texts.numberReport} />
                </td>
                {compact ? (
                  <td class="when">
                    {format.date(at)}
                    <br />
                    {format.time(at)}
                  </td>
                ) : (
                  <td>{format.date(at)}</td>
                )}
                {compact ? null : <td>{format.time(at)}</td>}
                <td class="num">{format.duration(Number(row.duration ?? 0))}</td>
                <td class="num">
                  {typeof row.cost === 'number' && typeof currency === 'string' ? format.money(row.cost, currency) : ''}
                </td>
                {compact ? null : <td>{row.gateway === null ? texts.internalGateway : String(row.gateway)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
