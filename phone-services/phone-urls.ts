import { xsdLimits } from './xml/xml-document.js';

/** The URLs the phone screens link to; every one carries the device name (the phone sends no identity of its own). */
export interface PhoneUrls {
  menu(lineId?: number): string;
  lock(lineId: number): string;
  lockSubmit(lineId: number): string;
  unlock(lineId: number): string;
  unlockSubmit(lineId: number): string;
  pin(lineId: number): string;
  pinSubmit(lineId: number): string;
  status(lineId?: number): string;
  notice(lineId: number): string;
}

/** CUCM device names: SEP + MAC for phones, CSF/BOT/TCT/… for soft clients; bounded so URLs stay short. */
export function isDeviceName(value: string): boolean {
  return /^[A-Za-z0-9._-]{1,64}$/.test(value);
}

/**
 * Absolute URLs under `<baseUrl>/phone`. A URL that would pass the XSD's 256
 * characters (an extremely long base URL) is given as a path instead: a cut
 * URL would lead nowhere.
 */
export function createPhoneUrls(
  baseUrl: string,
  deviceName: string,
  onTooLong: (url: string) => void = () => undefined,
): PhoneUrls {
  const base = baseUrl.replace(/\/+$/, '');
  const build = (path: string, lineId?: number) => {
    const query = `name=${encodeURIComponent(deviceName)}${lineId === undefined ? '' : `&line=${lineId}`}`;
    const relative = `/phone/${path}?${query}`;
    const absolute = `${base}${relative}`;
    if (absolute.length <= xsdLimits.url) return absolute;
    onTooLong(absolute);
    return relative;
  };
  return {
    menu: (lineId) => build('menu', lineId),
    lock: (lineId) => build('lock', lineId),
    lockSubmit: (lineId) => build('lock/submit', lineId),
    unlock: (lineId) => build('unlock', lineId),
    unlockSubmit: (lineId) => build('unlock/submit', lineId),
    pin: (lineId) => build('pin', lineId),
    pinSubmit: (lineId) => build('pin/submit', lineId),
    status: (lineId) => build('status', lineId),
    notice: (lineId) => build('notice', lineId),
  };
}
