import type { PhoneSoftKey } from './xml/phone-objects.js';

/**
 * Where a phone user expects the keys: 79xx put the action first (Select at 1,
 * Exit at 3); 78xx/88xx/89xx/99xx put Exit or Back first (Dev Notes; the
 * field convention in usecallmanagernz/services).
 */
export type KeyLayout = 'action-first' | 'exit-first';

export interface Key {
  name: string;
  url: string;
}

/** From the phone's x-CiscoIPPhoneModelName header (CP-7942G), else the directory's model (Cisco 7942). */
export function keyLayoutFor(modelHeader: string | undefined, directoryModel: string | undefined): KeyLayout {
  const model = modelHeader?.trim() || directoryModel?.trim() || '';
  if (model === '') return 'action-first';
  return /(^|[^0-9])79[0-9]{2}/.test(model) ? 'action-first' : 'exit-first';
}

export function placeKeys(layout: KeyLayout, actions: Key[], navigation: Key[]): PhoneSoftKey[] {
  const ordered = layout === 'action-first' ? [...actions, ...navigation] : [...navigation, ...actions];
  return ordered.slice(0, 8).map((key, i) => ({ ...key, position: i + 1 }));
}

export const nativeKeys = {
  select: 'SoftKey:Select',
  submit: 'SoftKey:Submit',
  backspace: 'SoftKey:<<',
  exitService: 'Init:Services',
  exit: 'SoftKey:Exit',
} as const;
