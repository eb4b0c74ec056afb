/**
 * What a phone screen holds, before it becomes a Cisco XML object. Screens are
 * built from these; only the renderers know the element names and their order.
 */
export interface PhoneSoftKey {
  name: string;
  /** 1–8 (CiscoIPPhone.xsd); the layout per model decides. */
  position: number;
  /** An http URL or an internal URI such as `SoftKey:Submit` or `Init:Services`. */
  url: string;
}

export interface PhoneDisplayable {
  title?: string;
  prompt?: string;
  softKeys?: PhoneSoftKey[];
}

export interface PhoneMenu extends PhoneDisplayable {
  items: Array<{ name: string; url: string }>;
}

/** `pin` is entered as digits and masked; `digits` as digits. */
export type PhoneInputKind = 'pin' | 'digits';

export interface PhoneInputField {
  label: string;
  /** Query-string parameter the phone appends to the input's URL. */
  param: string;
  kind: PhoneInputKind;
}

export interface PhoneInput extends PhoneDisplayable {
  /** Where the phone sends the entries, as GET query parameters. */
  url: string;
  fields: PhoneInputField[];
}

export interface PhoneText extends PhoneDisplayable {
  text: string;
}

export interface PhoneExecute {
  /** 1–3 items; at most one http URL (Dev Notes, CiscoIPPhoneExecute). */
  items: Array<{ url: string; priority?: 0 | 1 | 2 }>;
}
