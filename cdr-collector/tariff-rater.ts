import type { Config, SiteConfig } from '../src/config/index.js';
import { loadTariffBook } from '../src/tariff-files/index.js';
import {
  classifyDialledNumber,
  createRatingFacts,
  emptyTariffBook,
  rateCallFacts,
  type CallFactsToRate,
  type RatingFacts,
  type TariffBook,
} from '../tariffs/index.js';
import type { CallRater, RateCallInput, RatingOutcome, RatingSlot } from './call-rater.js';

export interface TariffRaterLoad {
  rater: CallRater;
  /** Why the plans could not be loaded (the rater then rates nothing: reason "no-plan"); null when they loaded. */
  problem: string | null;
}

/**
 * The collector's rater over the tariffs module: `rateCallFacts` (rateCall's
 * facts without its breakdown) with the site of the call's gateway (else its
 * owner, else "default") and the gateway's carrier. Plans are read here, in the
 * ingest worker, off the daemon's loop.
 */
export function createTariffRater(book: TariffBook, sites: Config['sites']): CallRater {
  const fallbackSite: SiteConfig = sites.default ?? (Object.values(sites)[0] as SiteConfig);
  // The same site object each time: classification is memoised per site object.
  const siteOf = (name: string | null): SiteConfig => (name !== null ? sites[name] : undefined) ?? fallbackSite;
  // Refilled for every call: rating allocates nothing per call.
  const call: CallFactsToRate = {
    dialledNumber: '',
    numberForm: 'dialled',
    startMs: 0,
    durationSeconds: 0,
    carrier: null,
    site: fallbackSite,
  };
  const facts = createRatingFacts();
  const rateFacts = (input: RateCallInput): RatingFacts => {
    call.dialledNumber = input.dialledNumber;
    call.numberForm = input.numberForm;
    // The plan in force and the time band are those of the answer time; an unanswered call's start otherwise.
    call.startMs = input.startedAt * 1000;
    call.durationSeconds = input.answered ? input.durationSeconds : 0;
    call.carrier = input.carrier;
    call.site = siteOf(input.site);
    return rateCallFacts(facts, call, book);
  };
  const rateInto = (input: RateCallInput, out: RatingSlot): RatingSlot & RatingOutcome => {
    const f = rateFacts(input);
    out.destinationE164 = f.destinationE164;
    out.nation = f.nation;
    out.destinationType = f.destinationType;
    out.destinationName = f.destinationName;
    if (f.costMinor !== null) {
      out.rated = true;
      out.costMinor = f.costMinor;
      out.currency = f.currency;
      out.plan = f.planId;
      out.row = f.rowId;
    } else {
      out.rated = false;
      out.reason = f.unratedReason ?? 'unrated';
    }
    return out as RatingSlot & RatingOutcome;
  };
  return {
    rate(input): RatingOutcome {
      const f = rateFacts(input);
      if (f.costMinor !== null) {
        return {
          rated: true,
          costMinor: f.costMinor,
          currency: f.currency,
          plan: f.planId,
          row: f.rowId,
          destinationE164: f.destinationE164,
          nation: f.nation,
          destinationType: f.destinationType,
          destinationName: f.destinationName,
        };
      }
      return {
        rated: false,
        reason: f.unratedReason ?? 'unrated',
        destinationE164: f.destinationE164,
        nation: f.nation,
        destinationType: f.destinationType,
        destinationName: f.destinationName,
      };
    },
    rateInto,
    isInternalNumber: (number, site) => classifyDialledNumber(number, siteOf(site), book.overrides).kind === 'internal',
  };
}

/** Loads the configured plans folder and builds the rater; a folder that does not load rates nothing and says why. */
export async function loadTariffRater(config: Config): Promise<TariffRaterLoad> {
  const loaded = await loadTariffBook({
    plansDir: config.tariffs.plansDir,
    destinationOverrides: config.tariffs.destinationOverrides,
  });
  if (loaded.ok) return { rater: createTariffRater(loaded.book, config.sites), problem: null };
  const first = loaded.problems[0];
  const problem =
    `${loaded.problems.length} problem(s) in ${loaded.dir}` +
    `${first ? `, first: ${first.file}:${first.line} ${first.message}` : ''}`;
  return { rater: createTariffRater(emptyTariffBook(), config.sites), problem };
}
