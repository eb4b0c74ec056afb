import { minorToDecimal } from '../../tariffs/index.js';
import { BadInputError } from '../errors/index.js';
import { isoLocal, type AggregateFigures, type ReportRow, type ReportService } from '../reports/index.js';
import { complexTypes } from './reporting-types.js';
import { reportingOperations } from './reporting-operations.js';
import { filterToOptions, type OperationArgs } from './soap-args.js';
import { domainFieldToSoap, soapGroupKeys } from './soap-call-fields.js';
import { viewerOf, type SoapPrincipal } from './soap-principal.js';
import { nextPageToken, readNextPageToken } from './next-page-token.js';
import { inSequence, type XsdElement } from './xsd-model.js';

const elementsOf = (type: string): XsdElement[] => complexTypes.find((t) => t.name === type)!.elements;
const outputOf = (op: string): XsdElement[] => reportingOperations.find((o) => o.name === op)!.output;

interface Frame {
  timeZone: string;
  period: { from: number; to: number };
  filter: string[];
}

function frame(f: Frame): Record<string, unknown> {
  return {
    TimeZone: f.timeZone,
    PeriodFrom: isoLocal(f.period.from, f.timeZone),
    PeriodTo: isoLocal(f.period.to, f.timeZone),
    FilterText: f.filter,
  };
}

export function figures(f: AggregateFigures): Record<string, unknown> {
  return inSequence(elementsOf('Figures'), {
    Calls: f.calls,
    Answered: f.answered,
    Unanswered: f.unanswered,
    DurationSeconds: f.durationSeconds,
    Cost: minorToDecimal(f.costMinor, f.currency),
    CostMinor: f.costMinor,
    AverageCost: f.averageCostMinor === null ? undefined : minorToDecimal(f.averageCostMinor, f.currency),
    Currency: f.currency ?? undefined,
  });
}

/** A report row of a call list as a tns:Call: instants with the report zone's offset, money as exact decimals. */
function callElement(
  row: ReportRow,
  columns: Array<{ key: string; type: string }>,
  timeZone: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const currency = (row.__currency as string | null) ?? null;
  for (const column of columns) {
    const name = domainFieldToSoap.get(column.key as never);
    const value = row[column.key];
    if (!name || value === null || value === undefined) continue;
    if (column.type === 'instant') out[name] = isoLocal(Number(value), timeZone);
    else if (column.type === 'money') {
      out[name] = minorToDecimal(Number(value), currency);
      out.CostMinor = value;
      if (currency) out.Currency = currency;
    } else out[name] = value;
  }
  return inSequence(elementsOf('Call'), out);
}

/** GetCalls, GetCostSummary, GetCallTrend: the report engine, as the principal is allowed to see it. */
export function createReportHandlers(deps: { reports: ReportService }) {
  return {
    async GetCalls(args: OperationArgs<'GetCalls'>, principal: SoapPrincipal) {
      const options = filterToOptions(args.Filter, {
        kind: 'calls',
        fields: args.Field,
        sort: args.Sort?.map((s) => ({ field: s.Field, descending: s.Descending ?? false })),
      });
      if (args.After !== undefined && args.Page !== undefined) throw new BadInputError('give Page or After, not both');
      const sortKeys = options.sort?.length || 1;
      const request = args.After ? readNextPageToken(args.After, sortKeys) : { page: args.Page };
      const page = await deps.reports.listCalls(options, viewerOf(principal), {
        ...request,
        pageSize: args.PageSize,
      });
      return inSequence(outputOf('GetCalls'), {
        ...frame(page),
        Page: page.page,
        PageSize: page.pageSize,
        HasMore: page.hasMore,
        Call: page.rows.map((row) => callElement(row, page.columns, page.timeZone)),
        Next: page.hasMore && page.last ? nextPageToken(page.page + 1, page.last) : undefined,
      });
    },

    async GetCostSummary(args: OperationArgs<'GetCostSummary'>, principal: SoapPrincipal) {
      const options = filterToOptions(args.Filter, {
        kind: 'summary',
        groupBy: args.GroupBy,
        top: args.Top,
        rankBy: args.RankBy as never,
      });
      const report = await deps.reports.summarize(options, viewerOf(principal));
      return inSequence(outputOf('GetCostSummary'), {
        ...frame(report),
        GroupBy: soapGroupKeys.find(([, domain]) => domain === args.GroupBy)![0],
        GroupCount: report.groupCount,
        Group: report.groups.map((g) =>
          inSequence(elementsOf('Group'), {
            Key: g.key === null ? undefined : String(g.key),
            Label: g.label,
            ...figures(g),
          }),
        ),
        Total: report.totals.map(figures),
      });
    },

    async GetCallTrend(args: OperationArgs<'GetCallTrend'>, principal: SoapPrincipal) {
      const options = filterToOptions(args.Filter, { kind: 'trend', interval: args.Interval as never });
      const report = await deps.reports.trend(options, viewerOf(principal));
      return inSequence(outputOf('GetCallTrend'), {
        ...frame(report),
        Interval: report.interval,
        Point: report.points.map((p) =>
          inSequence(elementsOf('TrendPoint'), {
            Label: p.label,
            Start: isoLocal(p.start, report.timeZone),
            ...figures(p),
          }),
        ),
        Total: report.totals.map(figures),
      });
    },

    async GetCurriDecisions(args: OperationArgs<'GetCurriDecisions'>, principal: SoapPrincipal) {
      const report = await deps.reports.curriDecisions(filterToOptions(args), viewerOf(principal));
      return inSequence(outputOf('GetCurriDecisions'), {
        ...frame(report),
        Decision: report.decisions.map((d) =>
          inSequence(elementsOf('DecisionCount'), {
            Outcome: d.outcome,
            Reason: d.reason,
            Count: d.count,
            AverageLatencyMs: (d.averageLatencyUs / 1000).toFixed(3),
          }),
        ),
      });
    },
  };
}
