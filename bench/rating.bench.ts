// Rating in process: calls rated per second by tariffs/ rateCall with the bundled
// sample plans (IT, UK with split bands, DE, US), over a realistic mix of
// destinations, carriers, start times (a whole year, DST included) and durations.
// Also the classification CURRI does on every call attempt.
// Usage: npm run bench -- rating   (RATING_BENCH_CALLS=500000 for a shorter run)
import { classifyDialledNumber, rateCall, type CallToRate, type SiteDiallingPlan } from '../tariffs/index.js';
import { loadTariffBook } from '../src/tariff-plans/index.js';

const calls = Number(process.env.RATING_BENCH_CALLS ?? 2_000_000);

const sites: Record<string, SiteDiallingPlan> = {
  milan: {
    country: 'IT',
    areaCode: '',
    pstnAccessCode: '0',
    nationalPrefix: '0',
    internationalPrefix: '00',
    internalPatterns: ['^[1-7][0-9]{2,4}$'],
    emergencyNumbers: ['112', '113'],
    localPrefixes: ['+3902'],
    timeZone: 'Europe/Rome',
  },
  london: {
    country: 'GB',
    areaCode: '020',
    pstnAccessCode: '9',
    nationalPrefix: '0',
    internationalPrefix: '00',
    internalPatterns: ['^[2-8][0-9]{3}$'],
    emergencyNumbers: ['999', '112'],
    timeZone: 'Europe/London',
  },
  berlin: {
    country: 'DE',
    areaCode: '030',
    pstnAccessCode: '0',
    nationalPrefix: '0',
    internationalPrefix: '00',
    internalPatterns: ['^[1-9][0-9]{2,3}$'],
    emergencyNumbers: ['110', '112'],
    timeZone: 'Europe/Berlin',
  },
  newYork: {
    country: 'US',
    areaCode: '212',
    pstnAccessCode: '9',
    nationalPrefix: '1',
    internationalPrefix: '011',
    internalPatterns: ['^[2-8][0-9]{3}$'],
    emergencyNumbers: ['911'],
    timeZone: 'America/New_York',
  },
};

// Per site: its carrier and number shapes as dialled (X = a random digit).
const traffic: Array<{ site: SiteDiallingPlan; carrier: string | null; shapes: string[] }> = [
  {
    site: sites.milan as SiteDiallingPlan,
    carrier: null,
    shapes: [
      '002XXXXXXX',
      '006XXXXXXXX',
      '0011XXXXXXX',
      '033XXXXXXXX',
      '034XXXXXXXX',
      '0800XXXXXX',
      '0000442071XXXXXX',
      '00004930XXXXXXX',
      '00016175XXXXXX',
    ],
  },
  {
    site: sites.london as SiteDiallingPlan,
    carrier: 'example-uk',
    shapes: [
      '97XXXXXXX',
      '9020XXXXXXXX',
      '90161XXXXXXX',
      '9074XXXXXXXX',
      '9079XXXXXXXX',
      '900390XXXXXXXX',
      '900331XXXXXXXX',
    ],
  },
  {
    site: sites.berlin as SiteDiallingPlan,
    carrier: 'example-de',
    shapes: ['0XXXXXXX', '0089XXXXXXX', '0040XXXXXXX', '00151XXXXXXXX', '00170XXXXXXX', '000390XXXXXXXX'],
  },
  {
    site: sites.newYork as SiteDiallingPlan,
    carrier: 'example-us',
    shapes: ['9XXXXXXX', '91212XXXXXXX', '91617XXXXXXX', '91415XXXXXXX', '91800XXXXXXX', '9011442071XXXXXX'],
  },
];

// mulberry32: a small seeded generator, so every run rates the same calls.
let seed = 42;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const fill = (shape: string) => shape.replace(/X/g, () => String(Math.floor(random() * 10)));

/**
 * Calls over 2025; `inTimeOrder` as CDR files deliver them (and, as a parser
 * would, allocated in that order), else shuffled across the year.
 */
function generate(count: number, distinctNumbers: number, inTimeOrder = true): CallToRate[] {
  const pools = traffic.map((t) => ({
    ...t,
    numbers: Array.from({ length: Math.ceil(distinctNumbers / traffic.length) }, () =>
      fill(t.shapes[Math.floor(random() * t.shapes.length)] as string),
    ),
  }));
  const year = Date.UTC(2025, 0, 1);
  const starts = Array.from({ length: count }, () => year + Math.floor(random() * 365 * 86_400) * 1000);
  if (inTimeOrder) starts.sort((a, b) => a - b);
  const out: CallToRate[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const pool = pools[Math.floor(random() * pools.length)] as (typeof pools)[number];
    out[i] = {
      dialledNumber: pool.numbers[Math.floor(random() * pool.numbers.length)] as string,
      startedAt: new Date(starts[i] as number),
      durationSeconds: random() < 0.3 ? 0 : Math.floor(random() * random() * 3600),
      carrier: pool.carrier,
      site: pool.site,
    };
  }
  return out;
}

const loaded = await loadTariffBook({ plansDir: '', destinationOverrides: [] });
if (!loaded.ok) throw new Error(`sample plans refused: ${JSON.stringify(loaded.problems)}`);
const book = loaded.book;

/** Best of `rounds` passes over the same input (other processes on a shared machine only ever slow a pass down). */
function measure(label: string, input: CallToRate[], rounds = 3): void {
  for (let round = 1; round <= rounds; round++) measureOnce(`${label} #${round}`, input);
}

function measureOnce(label: string, input: CallToRate[]): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  let rated = 0;
  let unrated = 0;
  let cost = 0;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for (const call of input) {
    const result = rateCall(call, book);
    if (result.unrated) unrated++;
    else {
      rated++;
      cost += result.costMinor;
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const rate = (s: number) => Math.round(input.length / s).toLocaleString('en');
  console.log(
    `${label.padEnd(44)} ${input.length.toLocaleString('en')} calls: ${rate(seconds)} calls/s wall, ` +
      `${rate(cpuSeconds)} calls/s of CPU (${((cpuSeconds / input.length) * 1e9).toFixed(0)} ns ` +
      `CPU/call; ${rated.toLocaleString('en')} rated, ${unrated.toLocaleString('en')} unrated, checksum ${cost})`,
  );
}

function measureClassify(label: string, numbers: Array<{ dialled: string; site: SiteDiallingPlan }>): void {
  let external = 0;
  const t0 = process.hrtime.bigint();
  for (const n of numbers) if (classifyDialledNumber(n.dialled, n.site, book.overrides).kind === 'external') external++;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(
    `${label.padEnd(44)} ${numbers.length.toLocaleString('en')} numbers: ` +
      `${((seconds / numbers.length) * 1e9).toFixed(0)} ns/number (${external.toLocaleString('en')} external)`,
  );
}

// On a shared machine wall time includes other processes' turns; CPU time is this process's own work.
console.log(
  `load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${(await import('node:os')).cpus().length} CPUs`,
);
console.log(`node ${process.version}, sample plans: ${book.plans.map((p) => p.id).join(', ')}`);
// Warm-up (JIT and the classification memo), then the measured runs.
measure('warm-up', generate(200_000, 20_000), 1);
measure('rateCall, 20,000 distinct numbers', generate(calls, 20_000));
// New numbers each pass: a repeated pass would find them memoised.
for (let round = 1; round <= 3; round++)
  measureOnce(`rateCall, every number new #${round}`, generate(Math.min(calls, 1_000_000), Math.min(calls, 1_000_000)));
measure('rateCall, 20,000 numbers, random time order', generate(Math.min(calls, 1_000_000), 20_000, false));
const seen = new Set<string>();
const fresh = generate(200_000, 200_000)
  .filter((c) => !seen.has(`${c.site.country}/${c.dialledNumber}`) && seen.add(`${c.site.country}/${c.dialledNumber}`))
  .map((c) => ({ dialled: c.dialledNumber, site: c.site }));
measureClassify('classifyDialledNumber, first time (cold)', fresh);
measureClassify('classifyDialledNumber, seen before (memo)', fresh);
