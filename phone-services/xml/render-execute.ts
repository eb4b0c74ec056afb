import type { PhoneCharset } from './phone-charset.js';
import type { PhoneExecute } from './phone-objects.js';
import { checkedUrl, finishDocument, PhoneXmlError, startDocument, xsdLimits } from './xml-document.js';

/** CiscoIPPhoneExecute: 1–3 ExecuteItem with URL and optional Priority attributes. */
export function renderExecute(execute: PhoneExecute, charset: PhoneCharset = 'UTF-8'): string {
  const { items } = execute;
  if (items.length === 0 || items.length > xsdLimits.executeItems)
    throw new PhoneXmlError(`${items.length} execute items (1–${xsdLimits.executeItems})`);
  if (items.filter((i) => /^https?:/i.test(i.url)).length > 1)
    throw new PhoneXmlError('at most one http URL per CiscoIPPhoneExecute');
  const root = startDocument('CiscoIPPhoneExecute', charset);
  for (const item of items) {
    const node = root.ele('ExecuteItem');
    if (item.priority !== undefined) node.att('Priority', String(item.priority));
    node.att('URL', checkedUrl(item.url));
  }
  return finishDocument(root);
}
