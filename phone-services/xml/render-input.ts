import { fitText } from './fit-text.js';
import type { PhoneCharset } from './phone-charset.js';
import type { PhoneInput, PhoneInputKind } from './phone-objects.js';
import {
  appendDisplayable,
  checkedUrl,
  finishDocument,
  PhoneXmlError,
  startDocument,
  xsdLimits,
} from './xml-document.js';

/** InputFlags (Dev Notes table): N numeric, P password mask. */
const inputFlags: Record<PhoneInputKind, string> = { pin: 'NP', digits: 'N' };

/**
 * CiscoIPPhoneInput: displayable part, URL, then InputItem (DisplayName,
 * QueryStringParam, InputFlags)*. No DefaultValue: a PIN is never pre-filled.
 */
export function renderInput(input: PhoneInput, charset: PhoneCharset): string {
  if (input.fields.length === 0 || input.fields.length > xsdLimits.inputItems) {
    throw new PhoneXmlError(`${input.fields.length} input items (1–${xsdLimits.inputItems})`);
  }
  const root = startDocument('CiscoIPPhoneInput', charset);
  appendDisplayable(root, input, charset);
  root.ele('URL').txt(checkedUrl(input.url));
  for (const field of input.fields) {
    if (!/^[A-Za-z0-9_]{1,32}$/.test(field.param)) throw new PhoneXmlError(`query-string parameter "${field.param}"`);
    const item = root.ele('InputItem');
    item.ele('DisplayName').txt(fitText(field.label, xsdLimits.inputDisplayName, charset));
    item.ele('QueryStringParam').txt(field.param);
    item.ele('InputFlags').txt(inputFlags[field.kind]);
  }
  return finishDocument(root);
}
