import { NO_BAND, type TimeBand } from './tariff-plan.js';
import type { BandFile } from './plan-file-schema.js';
import type { ProblemList } from './problem-list.js';

const MINUTES_PER_DAY = 1440;
// Weekday numbers as the zoned-time module counts them (0 = Monday), so rating indexes by its weekdayOfDay.
const dayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const fullDayNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export interface CompiledBands {
  bands: TimeBand[];
  weekBands: Uint8Array;
  /** For each minute of the week, the minute of that day (1–1440) where its band's run ends. */
  weekRunEnds: Uint16Array;
  holidayBands: Uint8Array;
}

/**
 * Compiles time bands into a band index per minute of the week (and of a
 * holiday). Bands must cover the whole week exactly once; holiday bands must
 * not overlap each other and cover what they cover of a holiday. A window
 * whose `from` is after its `to` wraps midnight on the same listed days.
 */
export function compileBands(
  raw: Record<string, BandFile> | undefined,
  lineOf: (name: string) => number,
  problems: ProblemList,
): CompiledBands {
  const weekBands = new Uint8Array(7 * MINUTES_PER_DAY).fill(NO_BAND);
  const holidayBands = new Uint8Array(MINUTES_PER_DAY).fill(NO_BAND);
  const entries = Object.entries(raw ?? {});
  if (entries.length === 0) {
    weekBands.fill(0);
    const all: TimeBand = {
      name: 'all',
      days: [0, 1, 2, 3, 4, 5, 6],
      windows: [[0, MINUTES_PER_DAY]],
      holidays: false,
      line: 0,
    };
    return { bands: [all], weekBands, weekRunEnds: runEnds(weekBands), holidayBands };
  }
  if (entries.length >= NO_BAND) problems.atField(['bands'], `at most ${NO_BAND - 1} bands`);
  const problemsBefore = problems.items.length;
  const bands: TimeBand[] = [];
  const overlaps = new Set<string>();
  for (const [name, band] of entries.slice(0, NO_BAND - 1)) {
    const compiled = compileBand(name, band, lineOf(name), problems);
    if (compiled === undefined) continue;
    const index = bands.length;
    bands.push(compiled);
    const table = compiled.holidays ? holidayBands : weekBands;
    for (const day of compiled.holidays ? [0] : compiled.days) {
      for (const [from, to] of compiled.windows) {
        for (let minute = from; minute < to; minute++) {
          const slot = day * MINUTES_PER_DAY + minute;
          const holder = table[slot] as number;
          if (holder === NO_BAND) {
            table[slot] = index;
          } else if (!overlaps.has(`${holder}/${index}`)) {
            overlaps.add(`${holder}/${index}`);
            const when = compiled.holidays ? `holidays ${clock(minute)}` : `${dayNames[day]} ${clock(minute)}`;
            problems.at(['bands', name], `overlaps band ${bands[holder]?.name ?? '?'} (both cover ${when})`);
          }
        }
      }
    }
  }
  const bandsValid = problems.items.length === problemsBefore;
  if (bandsValid && bands.some((b) => !b.holidays)) {
    const gap = weekBands.indexOf(NO_BAND);
    if (gap >= 0) {
      problems.atField(
        ['bands'],
        `no band covers ${dayNames[Math.floor(gap / MINUTES_PER_DAY)]} ` +
          `${clock(gap % MINUTES_PER_DAY)}: bands must cover the whole week`,
      );
    }
  } else if (bandsValid) {
    problems.atField(['bands'], 'only holiday bands: add bands covering the whole week');
  }
  return { bands, weekBands, weekRunEnds: runEnds(weekBands), holidayBands };
}

/** Where each minute's band run ends within its day, so split rating jumps from boundary to boundary. */
function runEnds(weekBands: Uint8Array): Uint16Array {
  const ends = new Uint16Array(weekBands.length);
  for (let day = 0; day < 7; day++) {
    let end = MINUTES_PER_DAY;
    for (let minute = MINUTES_PER_DAY - 1; minute >= 0; minute--) {
      const slot = day * MINUTES_PER_DAY + minute;
      if (minute < MINUTES_PER_DAY - 1 && weekBands[slot] !== weekBands[slot + 1]) end = minute + 1;
      ends[slot] = end;
    }
  }
  return ends;
}

function compileBand(name: string, band: BandFile, line: number, problems: ProblemList): TimeBand | undefined {
  const path = ['bands', name];
  const before = problems.items.length;
  const holidays = band.holidays === undefined ? false : parseBoolean(band.holidays);
  if (holidays === undefined) problems.at([...path, 'holidays'], `"${band.holidays}" is not true or false`);
  if (holidays === true && band.days !== undefined)
    problems.at([...path, 'days'], 'a holiday band applies on every holiday: remove days');
  const daysText = Array.isArray(band.days) ? band.days.join(',') : band.days;
  const days = daysText === undefined ? [0, 1, 2, 3, 4, 5, 6] : parseDays(daysText);
  if (days === undefined)
    problems.at([...path, 'days'], `"${daysText}" is not a list of days (e.g. mon-fri, [sat, sun])`);
  const from = parseClock(band.from ?? '00:00');
  const to = parseClock(band.to ?? '24:00');
  if (from === undefined || from === MINUTES_PER_DAY)
    problems.at([...path, 'from'], `"${band.from}" is not a time of day HH:MM`);
  if (to === undefined || to === 0)
    problems.at([...path, 'to'], `"${band.to}" is not a time of day HH:MM (01:00–24:00)`);
  if (from !== undefined && from === to) problems.at([...path, 'to'], 'from and to are equal: the band would be empty');
  if (problems.items.length > before || days === undefined || from === undefined || to === undefined) return undefined;
  const windows: Array<readonly [number, number]> =
    from < to
      ? [[from, to]]
      : [
          [from, MINUTES_PER_DAY],
          [0, to],
        ];
  return { name, days, windows, holidays: holidays === true, line };
}

export function parseBoolean(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === 'yes') return true;
  if (t === 'false' || t === 'no') return false;
  return undefined;
}

function dayNumber(token: string): number | undefined {
  const t = token.trim().toLowerCase();
  const short = dayNames.indexOf(t as (typeof dayNames)[number]);
  if (short >= 0) return short;
  const full = fullDayNames.indexOf(t);
  return full >= 0 ? full : undefined;
}

/** "mon-fri", "sat,sun", "fri-mon" (wraps), "all". */
export function parseDays(text: string): number[] | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'all' || t === 'daily') return [0, 1, 2, 3, 4, 5, 6];
  const days = new Set<number>();
  for (const part of t.split(',')) {
    const [a, b, extra] = part.split('-');
    if (a === undefined || extra !== undefined) return undefined;
    const start = dayNumber(a);
    const end = b === undefined ? start : dayNumber(b);
    if (start === undefined || end === undefined) return undefined;
    for (let d = start; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === end) break;
    }
  }
  return [...days].sort((x, y) => x - y);
}

/** "HH:MM" from 00:00 to 24:00 → minute of day. */
export function parseClock(text: string): number | undefined {
  const match = /^([01]?[0-9]|2[0-4]):([0-5][0-9])$/.exec(text.trim());
  if (match === null) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= MINUTES_PER_DAY ? minutes : undefined;
}

export function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
