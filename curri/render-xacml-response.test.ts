import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { goldenResponse } from '../test/curri/curri-test-kit.js';
import { makeDecision } from './call-decision.js';
import { renderXacmlResponse } from './render-xacml-response.js';

const announce = { rejectAnnouncementElement: 'announce' as const };
const sample14 = readFileSync(
  join(import.meta.dirname, '../fixtures/curri/samples/14-response-permit-continue-modify-callingname-escaped.xml'),
  'utf8',
);

/** The CIXML carried by a response, unescaped once (as CUCM reads it). */
function cixmlOf(xml: string): string {
  const parsed = new XMLParser({ processEntities: true, htmlEntities: false, parseTagValue: false }).parse(xml) as {
    Response: { Result: { Obligations: { Obligation: { AttributeAssignment: { AttributeValue: string } } } } };
  };
  return parsed.Response.Result.Obligations.Obligation.AttributeAssignment.AttributeValue;
}

describe('renderXacmlResponse against the golden responses of docs/reference/curri.md §4.6', () => {
  it('renders Permit + continue', () => {
    expect(renderXacmlResponse(makeDecision('permit', 'allowed'), announce)).toBe(
      goldenResponse('permit-continue.xml'),
    );
  });

  it('renders Deny + reject', () => {
    expect(renderXacmlResponse(makeDecision('deny', 'locked-user'), announce)).toBe(goldenResponse('deny-reject.xml'));
  });

  it('renders Permit + divert with the reason as a sibling of <divert>', () => {
    const decision = makeDecision('divert', 'locked-admin', { destination: '5999', divertReason: 'chaperone' });
    expect(renderXacmlResponse(decision, announce)).toBe(goldenResponse('permit-divert-5999.xml'));
  });

  it('renders Permit + continue with a greeting announcement', () => {
    const decision = makeDecision('permit', 'unknown-caller', { announcement: 'custom_05011' });
    expect(renderXacmlResponse(decision, announce)).toBe(goldenResponse('permit-continue-greeting-custom_05011.xml'));
  });

  it('renders Deny + reject with an announcement, in the configured element', () => {
    const decision = makeDecision('deny', 'locked-user', { announcement: 'user_unavailable' });
    expect(renderXacmlResponse(decision, announce)).toBe(goldenResponse('deny-reject-announce-user_unavailable.xml'));
    expect(cixmlOf(renderXacmlResponse(decision, { rejectAnnouncementElement: 'greeting' }))).toBe(
      '<cixml ver="1.0"><reject><greeting identification="user_unavailable"/></reject></cixml>',
    );
  });

  it('renders Indeterminate and NotApplicable with the reason in the status and no obligation', () => {
    expect(renderXacmlResponse(makeDecision('indeterminate', 'bad-request'), announce)).toBe(
      goldenResponse('indeterminate-bad-request.xml'),
    );
    expect(renderXacmlResponse(makeDecision('indeterminate', 'facts-not-ready'), announce)).toBe(
      goldenResponse('indeterminate-facts-not-ready.xml'),
    );
    expect(renderXacmlResponse(makeDecision('notapplicable', 'bad-request'), announce)).toBe(
      goldenResponse('notapplicable-bad-request.xml'),
    );
  });
});

describe('CIXML escaping (docs/reference/curri.md §4.4)', () => {
  it('escapes values twice, exactly as the double-escaped reference sample does', () => {
    const value = 'O\'Brien & "Sons"';
    const xml = renderXacmlResponse(makeDecision('permit', 'allowed', { announcement: value }), announce);
    const onTheWire = /identification="([^"]*)"/.exec(xml)?.[1];
    const referenceWire = /callingname="([^"]*)"/.exec(sample14)?.[1];
    expect(onTheWire).toBe(referenceWire);
    expect(cixmlOf(xml)).toBe(
      '<cixml ver="1.0"><continue><greeting identification="O&apos;Brien &amp; &quot;Sons&quot;"/></continue></cixml>',
    );
  });

  it('keeps every answer and its CIXML well-formed, and the obligation consistent with the decision', () => {
    const decisions = [
      makeDecision('permit', 'allowed', { announcement: 'a<b>&c' }),
      makeDecision('deny', 'budget-exhausted', { announcement: '"x"' }),
      makeDecision('divert', 'locked-user', { destination: '<5999&>', divertReason: 'a&b' }),
    ];
    for (const decision of decisions) {
      const xml = renderXacmlResponse(decision, announce);
      expect(XMLValidator.validate(xml)).toBe(true);
      const cixml = cixmlOf(xml);
      expect(XMLValidator.validate(cixml)).toBe(true);
      const fulfillOn = /FulfillOn="(\w+)"/.exec(xml)?.[1];
      const verdict = /<Decision>(\w+)<\/Decision>/.exec(xml)?.[1];
      expect(fulfillOn).toBe(verdict);
      expect(cixml.includes('<reject>')).toBe(verdict === 'Deny');
    }
  });
});
