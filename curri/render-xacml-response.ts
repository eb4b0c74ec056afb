import type { CallDecision, DecisionReason } from './call-decision.js';

export interface RenderOptions {
  /** CIXML element carrying an announcement inside <reject> (docs/reference/curri.md §4.5: unverified either way). */
  rejectAnnouncementElement: 'announce' | 'greeting';
}

const declaration = '<?xml version="1.0" encoding="UTF-8"?>';
const statusPrefix = 'urn:oasis:names:tc:xacml:1.0:status:';

/**
 * The XACML response CUCM expects (docs/reference/curri.md §4.6): one line, the correct XML
 * declaration, <Response> without a namespace, and the CIXML directive escaped
 * as the text of the obligation's AttributeValue. Indeterminate and
 * NotApplicable carry no obligation: CUCM then applies the profile's call
 * treatment on failures; the reason code travels in <StatusMessage> so it shows
 * in CUCM's SDI trace.
 */
export function renderXacmlResponse(decision: CallDecision, options: RenderOptions): string {
  switch (decision.outcome) {
    case 'permit': {
      const greeting = decision.announcement
        ? `<greeting identification="${escapeAttribute(decision.announcement)}"/>`
        : '';
      return withObligation('Permit', `<cixml ver="1.0"><continue>${greeting}</continue></cixml>`);
    }
    case 'divert': {
      const reason = decision.divertReason ? `<reason>${escapeText(decision.divertReason)}</reason>` : '';
      return withObligation(
        'Permit',
        `<cixml ver="1.0"><divert><destination>${escapeText(decision.destination)}</destination>` +
          `</divert>${reason}</cixml>`,
      );
    }
    case 'deny': {
      const element = options.rejectAnnouncementElement;
      const announce = decision.announcement
        ? `<${element} identification="${escapeAttribute(decision.announcement)}"/>`
        : '';
      return withObligation('Deny', `<cixml ver="1.0"><reject>${announce}</reject></cixml>`);
    }
    case 'indeterminate':
      return (
        `${declaration}<Response><Result><Decision>Indeterminate</Decision><Status><StatusCode ` +
        `Value="${statusPrefix}${statusOf(decision.reason)}"/><StatusMessage>` +
        `${escapeText(decision.reason)}</StatusMessage></Status></Result></Response>`
      );
    case 'notapplicable':
      return (
        `${declaration}<Response><Result><Decision>NotApplicable</Decision><Status><StatusCode ` +
        `Value="${statusPrefix}ok"/><StatusMessage>${escapeText(decision.reason)}</StatusMessage>` +
        `</Status></Result></Response>`
      );
  }
}

function withObligation(decision: 'Permit' | 'Deny', cixml: string): string {
  return (
    `${declaration}<Response><Result><Decision>${decision}</Decision><Status></Status><Obligations>` +
    `<Obligation FulfillOn="${decision}" ObligationId="urn:cisco:xacml:policy-attribute">` +
    `<AttributeAssignment AttributeId="Policy:simplecontinue">` +
    `<AttributeValue DataType="http://www.w3.org/2001/XMLSchema#string">${escapeText(cixml)}</AttributeValue>` +
    `</AttributeAssignment></Obligation></Obligations></Result></Response>`
  );
}

function statusOf(reason: DecisionReason): string {
  if (reason === 'bad-request' || reason === 'body-too-large') return 'syntax-error';
  if (reason === 'missing-called-number') return 'missing-attribute';
  return 'processing-error';
}

/** Escapes element text: the outer level for the CIXML string, and CIXML element text. */
function escapeText(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Escapes a CIXML attribute value (the inner of the two levels, docs/reference/curri.md §4.4). */
function escapeAttribute(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );
}
