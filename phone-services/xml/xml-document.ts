import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces.js';
import { fitText } from './fit-text.js';
import type { PhoneCharset } from './phone-charset.js';
import type { PhoneDisplayable } from './phone-objects.js';

/** Field limits of CiscoIPPhone.xsd v3.3.4. */
export const xsdLimits = {
  title: 32,
  prompt: 32,
  softKeyName: 32,
  softKeys: 8,
  url: 256,
  menuItemName: 64,
  menuItems: 100,
  text: 4000,
  inputItems: 5,
  inputDisplayName: 32,
  queryStringParam: 32,
  executeItems: 3,
} as const;

export class PhoneXmlError extends Error {
  override name = 'PhoneXmlError';
}

export function startDocument(root: string, charset: PhoneCharset): XMLBuilder {
  return create({ version: '1.0', encoding: charset }).ele(root);
}

/** A URL is never cut (a cut URL leads nowhere): the URL builder keeps them short, this only guards. */
export function checkedUrl(url: string): string {
  if (url.length === 0 || url.length > xsdLimits.url)
    throw new PhoneXmlError(`URL of ${url.length} characters (1–${xsdLimits.url} allowed): ${url.slice(0, 80)}…`);
  return url;
}

/** Title, Prompt, SoftKeyItem* in the order of CiscoIPPhoneDisplayableType. */
export function appendDisplayable(node: XMLBuilder, screen: PhoneDisplayable, charset: PhoneCharset): void {
  if (screen.title !== undefined) node.ele('Title').txt(fitText(screen.title, xsdLimits.title, charset));
  if (screen.prompt !== undefined) node.ele('Prompt').txt(fitText(screen.prompt, xsdLimits.prompt, charset));
  const softKeys = screen.softKeys ?? [];
  if (softKeys.length > xsdLimits.softKeys)
    throw new PhoneXmlError(`${softKeys.length} softkeys (at most ${xsdLimits.softKeys})`);
  for (const key of softKeys) {
    if (!Number.isInteger(key.position) || key.position < 1 || key.position > 8)
      throw new PhoneXmlError(`softkey position ${key.position} (1–8)`);
    const item = node.ele('SoftKeyItem');
    item.ele('Name').txt(fitText(key.name, xsdLimits.softKeyName, charset));
    item.ele('Position').txt(String(key.position));
    item.ele('URL').txt(checkedUrl(key.url));
  }
}

export function finishDocument(node: XMLBuilder): string {
  return node.end({ prettyPrint: false });
}
