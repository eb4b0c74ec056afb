import type { Request } from 'express';
import type { Logger } from 'pino';
import { formatDateTime, type Language, type Translate } from '../src/i18n/index.js';
import type { LockService } from '../src/locks/index.js';
import { phoneLanguage, phoneTexts } from './phone-language.js';
import { lineLabel, type PhoneDevice, type PhoneDirectory, type PhoneLine } from './phone-directory.js';
import type { ScreenContext, ScreenLine } from './phone-screens.js';
import { createPhoneUrls, isDeviceName, type PhoneUrls } from './phone-urls.js';
import { keyLayoutFor, type KeyLayout } from './softkey-layout.js';
import { negotiateCharset, type PhoneCharset } from './xml/phone-charset.js';

export interface PhoneServiceDeps {
  directory: PhoneDirectory;
  locks: LockService;
  log: Logger;
  /** Digits of a new PIN (phone.pin.length). */
  pinLength: number;
  defaultLanguage: Language;
  /** The time zone times are shown in for a line of this site. */
  timeZoneOf(site: string | null): string;
  /** http.publicUrl; '' = the scheme and Host the phone used. */
  publicUrl: string;
}

/** What a phone request is about before any screen is chosen. */
export interface PhoneRequestBase {
  query: URLSearchParams;
  charset: PhoneCharset;
  t: Translate;
  layout: KeyLayout;
}

export interface PhoneRequest extends PhoneRequestBase {
  device: PhoneDevice;
  urls: PhoneUrls;
  screen: ScreenContext;
  /** The chosen line: the `line` parameter, or the device's only line. */
  line: (PhoneLine & ScreenLine) | null;
  labelOf(line: PhoneLine): string;
  log: Logger;
}

export type PhoneRequestOutcome =
  | { ok: true; request: PhoneRequest }
  | {
      ok: false;
      base: PhoneRequestBase;
      problem: 'missing-name' | 'unknown-device' | 'no-lines' | 'unknown-line';
      name: string;
      request?: PhoneRequest;
    };

/**
 * Query parameters as the phone sent them. Phones append input values to our
 * URL; some firmware appends with a second `?`, so every `?` after the first
 * separates parameters too.
 */
export function phoneQuery(req: Request): URLSearchParams {
  const raw = req.originalUrl ?? req.url;
  const at = raw.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : raw.slice(at + 1).replace(/\?/g, '&'));
}

export async function readPhoneRequest(req: Request, deps: PhoneServiceDeps): Promise<PhoneRequestOutcome> {
  const query = phoneQuery(req);
  const charset = negotiateCharset(req.get('accept-charset'));
  const acceptLanguage = req.get('accept-language');
  const modelHeader = req.get('x-ciscoipphonemodelname');
  const name = (query.get('name') ?? '').trim();
  const fallbackTexts = phoneTexts(phoneLanguage(null, acceptLanguage, deps.defaultLanguage, charset));
  const bare: PhoneRequestBase = { query, charset, t: fallbackTexts, layout: keyLayoutFor(modelHeader, undefined) };
  if (!isDeviceName(name)) return { ok: false, base: bare, problem: 'missing-name', name };
  const device = await deps.directory.deviceByName(name);
  if (!device) return { ok: false, base: bare, problem: 'unknown-device', name };
  if (device.lines.length === 0)
    return { ok: false, base: { ...bare, layout: keyLayoutFor(modelHeader, device.model) }, problem: 'no-lines', name };

  const lineParam = query.get('line');
  const requested = lineParam === null ? null : (device.lines.find((l) => String(l.id) === lineParam) ?? null);
  const chosen = requested ?? (lineParam === null && device.lines.length === 1 ? (device.lines[0] as PhoneLine) : null);
  const userLanguage = (chosen ?? device.lines[0])?.user?.language;
  const language = phoneLanguage(userLanguage, acceptLanguage, deps.defaultLanguage, charset);
  const t = phoneTexts(language);
  const layout = keyLayoutFor(modelHeader, device.model);
  const log = deps.log.child({ device: device.name });
  const base = deps.publicUrl || `${req.protocol}://${req.get('host') ?? 'localhost'}`;
  const urls = createPhoneUrls(base, device.name, (url) =>
    log.warn({ length: url.length }, 'phone URL over 256 characters: sent as a path; shorten http.publicUrl'),
  );
  const labelOf = (line: PhoneLine) => lineLabel(line, device.lines);
  const request: PhoneRequest = {
    query,
    charset,
    t,
    layout,
    device,
    urls,
    line: chosen ? { ...chosen, label: labelOf(chosen) } : null,
    labelOf,
    log,
    screen: {
      t,
      urls,
      layout,
      pinLength: deps.pinLength,
      multiLine: device.lines.length > 1,
      formatTime: timeFormatter(language, deps.timeZoneOf((chosen ?? device.lines[0])?.site ?? null)),
    },
  };
  if (lineParam !== null && requested === null)
    return { ok: false, base: { query, charset, t, layout }, problem: 'unknown-line', name, request };
  return { ok: true, request };
}

function timeFormatter(language: Language, timeZone: string): (at: Date) => string {
  return (at) => formatDateTime(language, timeZone, at, 'datetime');
}
