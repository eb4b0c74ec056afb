import type { CallFieldName, GroupKeyName } from '../reports/index.js';
import type { XsdElement } from './xsd-model.js';

/** Call fields as the SOAP API names them (PascalCase elements of tns:Call), in the sequence order of tns:Call. */
export const soapCallFields: Array<{ element: string; field: CallFieldName; type: XsdElement['type']; doc: string }> = [
  { element: 'Id', field: 'id', type: 'long', doc: "Tollgate's id of the stored call." },
  {
    element: 'Start',
    field: 'startedAt',
    type: 'dateTime',
    doc: "When the call started, with the report time zone's offset.",
  },
  { element: 'End', field: 'endedAt', type: 'dateTime', doc: 'When the call ended.' },
  { element: 'Duration', field: 'duration', type: 'int', doc: 'Connected seconds (0 when unanswered).' },
  {
    element: 'Direction',
    field: 'direction',
    type: 'tns:Direction',
    doc: 'outgoing, incoming, transit (PSTN in and out), internal or unknown.',
  },
  { element: 'Answered', field: 'answered', type: 'boolean', doc: 'Whether the call was connected.' },
  {
    element: 'Extension',
    field: 'extension',
    type: 'string',
    doc: 'The extension the call belongs to (who pays or who was called).',
  },
  { element: 'Partition', field: 'partition', type: 'string', doc: 'The CUCM partition of that extension.' },
  { element: 'User', field: 'user', type: 'string', doc: "Username of the extension's user." },
  { element: 'UserName', field: 'userName', type: 'string', doc: 'First and last name of that user.' },
  { element: 'Department', field: 'department', type: 'string', doc: 'Department of the call (as when it was made).' },
  { element: 'CostCentre', field: 'costCentre', type: 'string', doc: 'Cost centre code of the call.' },
  { element: 'Site', field: 'site', type: 'string', doc: 'Site of the line.' },
  {
    element: 'Number',
    field: 'number',
    type: 'string',
    doc:
      'The remote party: the caller of an incoming call, else the number dialled. Masked for ' +
      'accounts not allowed to see it.',
  },
  {
    element: 'CallingNumber',
    field: 'callingNumber',
    type: 'string',
    doc: 'Calling party number as CUCM recorded it.',
  },
  { element: 'CalledNumber', field: 'calledNumber', type: 'string', doc: 'Final called party number.' },
  {
    element: 'OriginalCalledNumber',
    field: 'originalCalledNumber',
    type: 'string',
    doc: 'Original called party number (before forwards).',
  },
  {
    element: 'DialledNumber',
    field: 'dialledNumber',
    type: 'string',
    doc: 'The number rated (outpulsed when present).',
  },
  { element: 'E164Number', field: 'destinationE164', type: 'string', doc: 'The rated number in E.164 form.' },
  { element: 'Destination', field: 'destination', type: 'string', doc: 'Tariff destination (area) name.' },
  { element: 'Nation', field: 'nation', type: 'string', doc: 'ISO 3166 country code of the destination.' },
  {
    element: 'DestinationType',
    field: 'destinationType',
    type: 'string',
    doc:
      'fixed-local, fixed-national, mobile, toll-free, premium, shared-cost, special… (a foreign ' +
      "number has its own country's type: see Nation).",
  },
  { element: 'Gateway', field: 'gateway', type: 'string', doc: 'CUCM device name of the gateway or trunk used.' },
  { element: 'Carrier', field: 'carrier', type: 'string', doc: 'Carrier (operator) of that gateway.' },
  { element: 'Cost', field: 'cost', type: 'decimal', doc: 'Cost in Currency, exact decimal; absent when not rated.' },
  { element: 'Currency', field: 'currency', type: 'string', doc: 'ISO 4217 currency of Cost.' },
  { element: 'TariffPlan', field: 'tariffPlan', type: 'string', doc: 'Tariff plan that rated the call.' },
  { element: 'UnratedReason', field: 'unratedReason', type: 'string', doc: 'Why an external call has no cost.' },
  { element: 'ClientMatterCode', field: 'clientMatterCode', type: 'string', doc: 'CUCM client matter code.' },
  { element: 'AuthCode', field: 'authCode', type: 'string', doc: 'CUCM forced authorization code description.' },
  { element: 'HuntPilot', field: 'huntPilot', type: 'string', doc: 'Hunt pilot the call came through.' },
  { element: 'CallingDevice', field: 'origDevice', type: 'string', doc: 'CUCM device name of the calling side.' },
  { element: 'CalledDevice', field: 'destDevice', type: 'string', doc: 'CUCM device name of the called side.' },
  { element: 'CallingCause', field: 'origCause', type: 'int', doc: 'Q.850 cause on the calling side.' },
  { element: 'CalledCause', field: 'destCause', type: 'int', doc: 'Q.850 cause on the called side.' },
  { element: 'Mos', field: 'mos', type: 'decimal', doc: 'Mean opinion score from the call management record.' },
];

export const soapFieldToDomain = new Map(soapCallFields.map((f) => [f.element, f.field]));
export const domainFieldToSoap = new Map(soapCallFields.map((f) => [f.field, f.element]));

/** Group keys as the SOAP API names them. */
export const soapGroupKeys: Array<[string, GroupKeyName]> = [
  ['Area', 'area'],
  ['Department', 'department'],
  ['Extension', 'extension'],
  ['User', 'user'],
  ['Carrier', 'carrier'],
  ['CostCentre', 'costCentre'],
  ['Gateway', 'gateway'],
  ['Nation', 'nation'],
  ['Number', 'number'],
  ['DestinationType', 'destinationType'],
  ['Direction', 'direction'],
  ['Site', 'site'],
];
