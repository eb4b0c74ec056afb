import type { Response } from 'express';
import { encodeXml, type PhoneCharset } from './xml/phone-charset.js';
import type { PhoneInput, PhoneMenu, PhoneText } from './xml/phone-objects.js';
import { renderInput } from './xml/render-input.js';
import { renderMenu } from './xml/render-menu.js';
import { renderText } from './xml/render-text.js';

export type PhoneScreen = { menu: PhoneMenu } | { input: PhoneInput } | { text: PhoneText };

/** Dev Notes, "Content Expiration Header Setting": a page already expired is not kept in the phone's history. */
const longAgo = 'Sat, 01 Jan 2000 00:00:00 GMT';

export function renderScreen(screen: PhoneScreen, charset: PhoneCharset): string {
  if ('menu' in screen) return renderMenu(screen.menu, charset);
  if ('input' in screen) return renderInput(screen.input, charset);
  return renderText(screen.text, charset);
}

/**
 * Always 200 with text/xml and an explicit Content-Length (phones speak
 * HTTP/1.0 and do not render error pages). `expired` marks PIN screens and
 * their results so the history cannot resubmit a PIN.
 */
export function sendPhoneXml(res: Response, xml: string, charset: PhoneCharset, options: { expired: boolean }): void {
  const body = encodeXml(xml, charset);
  const headers: Record<string, string> = {
    'Content-Type': `text/xml; charset=${charset}`,
    'Content-Length': String(body.length),
  };
  if (options.expired) {
    headers.Expires = longAgo;
    headers['Cache-Control'] = 'no-store, no-cache';
    headers.Pragma = 'no-cache';
  }
  res.writeHead(200, headers);
  res.end(body);
}
