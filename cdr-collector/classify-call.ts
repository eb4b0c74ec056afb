import type { CallDirection } from '../src/events/index.js';
import type { NumberForm } from '../tariffs/index.js';
import type { CallOwner, DirectoryIndex, GatewayInfo } from './directory-index.js';
import type { LegKey, OutgoingLeg } from './outgoing-legs.js';
import type { CallRecord } from './parse-cdr-record.js';

export type { CallOwner };

export interface CallClassification {
  direction: CallDirection;
  answered: boolean;
  owner: CallOwner;
  /** The PSTN gateway or trunk the call went out or came in through, if any. */
  gateway: GatewayInfo | null;
  /** The external number: what outgoing and transit calls are rated by, the caller for incoming calls. */
  dialledNumber: string;
  /**
   * How dialledNumber is written, from the field it came from: 'outpulsed'
   * (outpulsedCalledPartyNumber, no access code) or 'dialled'.
   */
  numberForm: NumberForm;
  /** The site whose numbering plan applies: the gateway's, else the owner's. */
  numberingSite: string | null;
  /** The owner's site, else the gateway's: where reports place the call. */
  site: string | null;
  /**
   * An extension on either side the directory does not know ('' when none): the owner, or an internal call's called
   * extension.
   */
  unknownExtension: string;
}

export interface ClassifyContext {
  directory: DirectoryIndex;
  /** Whether a number dialled at a site is an internal extension (site numbering plan). */
  isInternalNumber(number: string, site: string | null): boolean;
  /** A PSTN leg this cluster dialled out earlier, if the key names one (see outgoing-legs.ts). */
  outgoingLeg?(key: LegKey): OutgoingLeg | undefined;
}

/**
 * Whether a CDR may continue an outgoing call after a transfer or conference:
 * its originating side is a PSTN gateway leg and it results from a join
 * (joinOnBehalfOf, e.g. 10 = transfer, 4 = conference). Only these need the
 * outgoing-leg lookup.
 */
export function mayContinueOutgoingCall(call: CallRecord, directory: DirectoryIndex): boolean {
  return (
    call.joinOnBehalfOf !== 0 &&
    directory.gateway(call.origDevice)?.pstn === true &&
    directory.gateway(call.destDevice)?.pstn !== true
  );
}

export function origLegKey(call: CallRecord): LegKey {
  return {
    clusterId: call.clusterId,
    globalCallManagerId: call.globalCallManagerId,
    globalCallId: call.globalCallId,
    legId: call.origLegId,
  };
}

type DeviceKind = 'pstn' | 'on-net' | 'none';

/**
 * Classifies one CDR (docs/reference/cucm-cdr-and-rating.md §5): direction from which side is a PSTN
 * gateway/trunk, answered from the connect time, the owning line following
 * forwards and transfers, and the number to rate. Pure: the directory comes in
 * the context.
 */
export function classifyCall(call: CallRecord, context: ClassifyContext): CallClassification {
  return classifyCallInto(call, context, createCallClassification());
}

/** An empty classification to refill with classifyCallInto. */
export function createCallClassification(): CallClassification {
  return {
    direction: 'unknown',
    answered: false,
    owner: noOwner,
    gateway: null,
    dialledNumber: '',
    numberForm: 'dialled',
    numberingSite: null,
    site: null,
    unknownExtension: '',
  };
}
const noOwner: CallOwner = Object.freeze({ extension: '', partition: '', known: false, line: null });

/** classifyCall written into `out` (every field), so a caller may refill one object for every call. */
export function classifyCallInto(
  call: CallRecord,
  context: ClassifyContext,
  out: CallClassification,
): CallClassification {
  const dir = context.directory;
  const origGateway = dir.gateway(call.origDevice);
  const destGateway = dir.gateway(call.destDevice);
  const orig = kindOf(call.origDevice, origGateway);
  const dest = kindOf(call.destDevice, destGateway);
  const answered = call.connectedAt !== null;

  const continued =
    orig === 'pstn' && dest !== 'pstn' && call.joinOnBehalfOf !== 0
      ? context.outgoingLeg?.(origLegKey(call))
      : undefined;
  if (continued) return continuation(out, call, continued, origGateway ?? null, answered, dir);

  let direction: CallDirection;
  if (orig === 'pstn' && dest === 'pstn') direction = 'transit';
  else if (orig === 'pstn') direction = 'incoming';
  else if (dest === 'pstn') direction = 'outgoing';
  else if (dest === 'on-net') direction = 'internal';
  else direction = neverRouted(call, orig, context);

  let owner: CallOwner;
  let dialledNumber: string;
  let numberForm: NumberForm = 'dialled';
  let gateway: GatewayInfo | null = null;
  switch (direction) {
    case 'outgoing':
    case 'transit':
      gateway = destGateway ?? null;
      owner = redirectingOwner(call, dir) ?? pick(dir, call.callingNumber, call.callingPartition);
      // Each field in its own form: the outpulsed digits never carry the access code, the dialled ones do.
      dialledNumber = call.outpulsedCalledNumber || call.finalCalledNumber || call.originalCalledNumber;
      if (call.outpulsedCalledNumber !== '') numberForm = 'outpulsed';
      break;
    case 'incoming':
      gateway = origGateway ?? null;
      owner = pick(
        dir,
        call.finalCalledNumber,
        call.finalCalledPartition,
        call.originalCalledNumber,
        call.originalCalledPartition,
        call.lastRedirectDn,
        call.lastRedirectDnPartition,
      );
      // Not rated; the caller as the PSTN presented it.
      dialledNumber = call.callingNumber;
      numberForm = 'outpulsed';
      break;
    default:
      owner = pick(dir, call.callingNumber, call.callingPartition);
      dialledNumber = call.finalCalledNumber || call.originalCalledNumber;
  }
  const ownerSite = owner.line?.site ?? null;
  const unknownExtension = unknownExtensionOf(direction, owner, call, ownerSite, context);
  return fill(out, direction, answered, owner, gateway, dialledNumber, numberForm, ownerSite, unknownExtension);
}

function fill(
  out: CallClassification,
  direction: CallDirection,
  answered: boolean,
  owner: CallOwner,
  gateway: GatewayInfo | null,
  dialledNumber: string,
  numberForm: NumberForm,
  ownerSite: string | null,
  unknownExtension: string,
): CallClassification {
  out.direction = direction;
  out.answered = answered;
  out.owner = owner;
  out.gateway = gateway;
  out.dialledNumber = dialledNumber;
  out.numberForm = numberForm;
  out.numberingSite = gateway?.site ?? ownerSite;
  out.site = ownerSite ?? gateway?.site ?? null;
  out.unknownExtension = unknownExtension;
  return out;
}

/**
 * The owner when unknown; else, for an internal call within this cluster (not
 * over an intercluster trunk), a called number shaped like an extension that no
 * line has.
 */
function unknownExtensionOf(
  direction: CallDirection,
  owner: CallOwner,
  call: CallRecord,
  site: string | null,
  context: ClassifyContext,
): string {
  if (!owner.known) return owner.extension;
  if (direction !== 'internal' || context.directory.gateway(call.destDevice)) return '';
  const called = call.finalCalledNumber || call.originalCalledNumber;
  if (
    called === '' ||
    context.directory.linesWithExtension(called).length > 0 ||
    !context.isInternalNumber(called, site)
  )
    return '';
  return called;
}

/**
 * The rest of an outgoing call after its caller transferred or conferenced it: still outgoing, the caller's line
 * pays.
 */
function continuation(
  out: CallClassification,
  call: CallRecord,
  leg: OutgoingLeg,
  gateway: GatewayInfo | null,
  answered: boolean,
  dir: DirectoryIndex,
): CallClassification {
  const owner = pick(dir, leg.ownerExtension, leg.ownerPartition);
  const dialledNumber = leg.dialledNumber || call.callingNumber;
  const numberForm = leg.dialledNumber !== '' ? leg.numberForm : 'outpulsed';
  const unknownExtension = owner.known ? '' : owner.extension;
  return fill(
    out,
    'outgoing',
    answered,
    owner,
    gateway,
    dialledNumber,
    numberForm,
    owner.line?.site ?? null,
    unknownExtension,
  );
}

function kindOf(deviceName: string, gateway: GatewayInfo | undefined): DeviceKind {
  if (deviceName === '') return 'none';
  return gateway?.pstn ? 'pstn' : 'on-net';
}

/**
 * No destination device: the call failed before reaching one (busy route,
 * invalid number, refused by call control, abandoned while dialling). Its
 * number tells whether it was meant to stay inside or go out.
 */
function neverRouted(call: CallRecord, orig: DeviceKind, context: ClassifyContext): CallDirection {
  const number = call.finalCalledNumber || call.originalCalledNumber;
  if (orig === 'none' || number === '') return 'unknown';
  const callerSite =
    (
      context.directory.line(call.callingNumber, call.callingPartition) ??
      context.directory.linesWithExtension(call.callingNumber)[0]
    )?.site ?? null;
  if (context.directory.linesWithExtension(number).length > 0 || context.isInternalNumber(number, callerSite))
    return 'internal';
  return 'outgoing';
}

/**
 * When an external call left through a forward or transfer, the line that
 * redirected it pays (lastRedirectDn, else the originally called number), not
 * the caller (docs/reference/cucm-cdr-and-rating.md §5, shared by most accounting products).
 */
function redirectingOwner(call: CallRecord, dir: DirectoryIndex): CallOwner | null {
  const redirected =
    call.lastRedirectDn !== '' &&
    call.lastRedirectDn !== call.callingNumber &&
    call.lastRedirectDn !== call.finalCalledNumber;
  if (!redirected) return null;
  const original = call.originalCalledNumber !== call.finalCalledNumber;
  const known = findKnown(
    dir,
    call.lastRedirectDn,
    call.lastRedirectDnPartition,
    original ? call.originalCalledNumber : '',
    original ? call.originalCalledPartition : '',
  );
  if (known) return known;
  // A hunt pilot or an unlisted line redirected it: the caller pays if we know them.
  const caller = findKnown(dir, call.callingNumber, call.callingPartition);
  return caller ?? unknownOwner(call.lastRedirectDn, call.lastRedirectDnPartition);
}

/**
 * The first candidate (number, partition; up to three, an empty number is no candidate) the directory knows, else
 * the first non-empty one flagged unknown.
 */
function pick(dir: DirectoryIndex, n1: string, p1: string, n2 = '', p2 = '', n3 = '', p3 = ''): CallOwner {
  const known = findKnown(dir, n1, p1, n2, p2, n3, p3);
  if (known) return known;
  if (n1 !== '') return unknownOwner(n1, p1);
  if (n2 !== '') return unknownOwner(n2, p2);
  if (n3 !== '') return unknownOwner(n3, p3);
  return unknownOwner('', '');
}

/** The known owner of the first candidate a line has; else, of the first partition-less one a single line has. */
function findKnown(dir: DirectoryIndex, n1: string, p1: string, n2 = '', p2 = '', n3 = '', p3 = ''): CallOwner | null {
  const owner =
    (n1 !== '' ? dir.owner(n1, p1) : undefined) ??
    (n2 !== '' ? dir.owner(n2, p2) : undefined) ??
    (n3 !== '' ? dir.owner(n3, p3) : undefined);
  if (owner) return owner;
  // Some CDR fields carry no partition: a number that exists in one partition only is that line.
  return (
    (n1 !== '' && p1 === '' ? dir.soleOwner(n1) : undefined) ??
    (n2 !== '' && p2 === '' ? dir.soleOwner(n2) : undefined) ??
    (n3 !== '' && p3 === '' ? dir.soleOwner(n3) : undefined) ??
    null
  );
}

function unknownOwner(extension: string, partition: string): CallOwner {
  return { extension, partition, known: false, line: null };
}
