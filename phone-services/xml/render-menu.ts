import { fitText } from './fit-text.js';
import type { PhoneCharset } from './phone-charset.js';
import type { PhoneMenu } from './phone-objects.js';
import {
  appendDisplayable,
  checkedUrl,
  finishDocument,
  PhoneXmlError,
  startDocument,
  xsdLimits,
} from './xml-document.js';

/** CiscoIPPhoneMenu: displayable part, then MenuItem (Name, URL)*. */
export function renderMenu(menu: PhoneMenu, charset: PhoneCharset): string {
  if (menu.items.length > xsdLimits.menuItems)
    throw new PhoneXmlError(`${menu.items.length} menu items (at most ${xsdLimits.menuItems})`);
  const root = startDocument('CiscoIPPhoneMenu', charset);
  appendDisplayable(root, menu, charset);
  for (const item of menu.items) {
    const node = root.ele('MenuItem');
    node.ele('Name').txt(fitText(item.name, xsdLimits.menuItemName, charset));
    node.ele('URL').txt(checkedUrl(item.url));
  }
  return finishDocument(root);
}
