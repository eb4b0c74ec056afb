import { currencyMinorDigits, FINE_DIGITS, formatFine, minorToDecimal, formatScaled } from '../money/money-units.js';
import type { TariffBook } from '../build-tariff-book.js';
import { dayIndexOf, weekdayOfDay } from '../zoned-time/calendar.js';
import type { RatingResult } from './rate-call.js';

const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const reasons: Record<string, string> = {
  'unrecognized-destination': 'the number cannot be placed (unrecognized destination)',
  'not-external': 'the number is internal at this site',
  'no-plan': 'no tariff plan is in force for this carrier (nor a default plan) at that time',
  'no-matching-row': 'the plan has no row for this destination, and no default row',
  'invalid-call': 'the start time or duration is not valid',
};

/** A human-readable account of how a rating was reached, one fact per line (for `tollgate rate`). */
export function explainRating(dialled: string, result: RatingResult, book: TariffBook): string[] {
  const lines: string[] = [];
  const d = result.destination;
  if (d !== undefined) {
    lines.push(`Number       ${dialled} → ${d.e164 ?? '(no E.164 form)'}`);
    lines.push(`Destination  ${d.name} (nation ${d.nation ?? '—'}, type ${d.destinationType})`);
  } else {
    lines.push(`Number       ${dialled}`);
  }
  if (result.unrated) {
    if (result.planId !== undefined) lines.push(`Plan         ${result.planId}`);
    lines.push(`Unrated      ${reasons[result.reason] ?? result.reason}`);
    return lines;
  }
  const cur = result.currency;
  if (result.planId === null || cur === null) {
    const total = cur !== null ? `${minorToDecimal(0, cur)} ${cur}` : '0';
    lines.push('Plan         none in force', 'Cost         emergency calls are free', `Total        ${total}`);
    return lines;
  }
  const plan = book.plans.find((p) => p.id === result.planId);
  const b = result.breakdown;
  lines.push(
    `Plan         ${result.planId}` +
      `${plan ? ` "${plan.name}" (carrier ${plan.carrier}, ${plan.fileName})` : ''}` +
      `${b.defaultPlanFallback ? ' — default plan: the carrier has none in force' : ''}`,
  );
  const how =
    b.matchedBy === 'prefix'
      ? `longest prefix ${b.prefix}`
      : b.matchedBy === 'nation-type'
        ? 'nation + type'
        : b.matchedBy === 'nation'
          ? 'nation (any type)'
          : b.matchedBy;
  lines.push(`Row          ${result.rowId ?? '—'} (${how})`);
  const local = new Date(b.localStartMs);
  lines.push(
    `Start        ${local.toISOString().slice(0, 19).replace('T', ' ')} ` +
      `${weekdays[weekdayOfDay(dayIndexOf(b.localStartMs))]} ${plan?.timeZone ?? ''}${b.holiday ? ' (holiday)' : ''}`,
  );
  if (result.rowId === null) {
    lines.push(
      b.matchedBy === 'emergency'
        ? 'Cost         emergency calls are free'
        : 'Cost         free: no row prices this destination type',
    );
    lines.push(`Total        ${minorToDecimal(0, cur)} ${cur}`);
    return lines;
  }
  if (b.billedSeconds === 0) {
    lines.push(`Duration     ${b.durationSeconds} s: nothing is charged for a call without connected time`);
    lines.push(`Total        ${minorToDecimal(0, cur)} ${cur}`);
    return lines;
  }
  lines.push(
    `Duration     ${b.durationSeconds} s → billed ${b.billedSeconds} s (increments ` +
      `${b.initialSeconds}/${b.subsequentSeconds})`,
  );
  lines.push(`Connection   ${rate(b.connectFeeFine, cur)} ${cur}`);
  for (const s of b.segments) {
    lines.push(
      `Usage        band ${s.band}: ${s.seconds} s × ${rate(s.ratePerMinuteFine, cur)} ${cur}/min = ` +
        `${formatFine60(s.ratePerMinuteFine * s.seconds, cur)} ${cur}`,
    );
  }
  lines.push(
    `Subtotal     ${formatFine60(b.amount60, cur)} ${cur} → rounded ${b.rounding} to ` +
      `${minorToDecimal(b.roundedMinor, cur)} ${cur}`,
  );
  if (b.minimumApplied) lines.push(`Minimum      charge of ${minorToDecimal(result.costMinor, cur)} ${cur} applies`);
  if (b.maximumApplied) lines.push(`Maximum      capped at ${minorToDecimal(result.costMinor, cur)} ${cur}`);
  lines.push(`Total        ${minorToDecimal(result.costMinor, cur)} ${cur}`);
  return lines;
}

/** 60 × fine units as a currency amount with every decimal that matters ("…" when it goes on). */
function formatFine60(amount60: number, currency: string): string {
  const digits = (currencyMinorDigits(currency) ?? 2) + FINE_DIGITS + 2;
  const hundredths = (amount60 * 100) / 60;
  const text = formatScaled(Math.floor(hundredths), digits);
  const [whole, fraction = ''] = text.split('.');
  const minor = currencyMinorDigits(currency) ?? 2;
  const trimmed = fraction.replace(/0+$/, '').padEnd(minor, '0');
  return `${whole}${trimmed === '' ? '' : `.${trimmed}`}${Number.isInteger(hundredths) ? '' : '…'}`;
}

/** Fine units without trailing zeros past the currency's decimals ("0.0120" → "0.012", "0.000000" → "0.00"). */
function rate(fine: number, currency: string): string {
  const minor = currencyMinorDigits(currency) ?? 2;
  const [whole, fraction = ''] = formatFine(fine, currency).split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(minor, '0');
  return trimmed === '' ? (whole as string) : `${whole}.${trimmed}`;
}
