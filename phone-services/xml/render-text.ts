import { fitText } from './fit-text.js';
import type { PhoneCharset } from './phone-charset.js';
import type { PhoneText } from './phone-objects.js';
import { appendDisplayable, finishDocument, startDocument, xsdLimits } from './xml-document.js';

/** CiscoIPPhoneText: displayable part, then Text (line breaks allowed). */
export function renderText(screen: PhoneText, charset: PhoneCharset): string {
  const root = startDocument('CiscoIPPhoneText', charset);
  appendDisplayable(root, screen, charset);
  root.ele('Text').txt(fitText(screen.text, xsdLimits.text, charset, { multiline: true }));
  return finishDocument(root);
}
