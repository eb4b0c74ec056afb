import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleBody, sampleRequests, withValue } from '../test/curri/curri-test-kit.js';
import { applyEdits, xacmlEdit } from '../test/curri/xacml-mutations.js';
import { CurriRequestError } from './curri-request-error.js';
import { parseXacmlFieldsWithFastXmlParser, parseXacmlRequest } from './parse-xacml-request.js';
import { scanXacmlAttributes } from './scan-xacml-attributes.js';

const wanted = new Set([
  'callingnumber',
  'callednumber',
  'transformedcgpn',
  'transformedcdpn',
  'callingdevicename',
  'triggerpointtype',
]);

function reasonOf(body: string | Buffer): string {
  try {
    parseXacmlRequest(body);
    return 'parsed';
  } catch (err) {
    if (err instanceof CurriRequestError) return err.reason;
    throw err;
  }
}

describe('parseXacmlRequest on the reference samples', () => {
  it('reads the captured CUCM request (translation pattern, transformed = raw)', () => {
    expect(parseXacmlRequest(sampleBody('01-request-cucm-capture-translationpattern.xml'))).toEqual({
      callingNumber: '2001',
      calledNumber: '9005551234',
      transformedCallingNumber: '2001',
      transformedCalledNumber: '9005551234',
      callingDeviceName: '',
      triggerPointType: 'translationpattern',
    });
  });

  it('reads Cisco hello world with its globalised transformed numbers', () => {
    expect(parseXacmlRequest(sampleBody('02-request-cisco-hello-world.http'))).toMatchObject({
      callingNumber: '9725550101',
      calledNumber: '50102',
      transformedCallingNumber: '+19725550101',
      transformedCalledNumber: '+19725550102',
    });
  });

  it(
    'tolerates the calltelemetry quirks: comment for a declaration, mixed-case ids, datatype, ' +
      '<action>, empty transformed values, callingdevicename',
    () => {
      expect(parseXacmlRequest(sampleBody('03-request-calltelemetry-fixture-quirks.xml'))).toEqual({
        callingNumber: '1001',
        calledNumber: '9005551234',
        transformedCallingNumber: '',
        transformedCalledNumber: '',
        callingDeviceName: 'SEP001122334455',
        triggerPointType: 'translationpattern',
      });
    },
  );

  it('reads a directory-number trigger with an E.164 caller and a gateway device name', () => {
    expect(parseXacmlRequest(sampleBody('04-request-directorynumber-callingdevicename.xml'))).toMatchObject({
      callingNumber: '+12025550154',
      calledNumber: '88109',
      callingDeviceName: 'CSR1000v',
      triggerPointType: 'directorynumber',
    });
  });

  it('gives the same fields through the scanner and through fast-xml-parser for every sample', () => {
    for (const name of sampleRequests) {
      const body = sampleBody(name);
      const fallback = parseXacmlFieldsWithFastXmlParser(body);
      const scanned = scanXacmlAttributes(body, wanted);
      if (scanned !== null) expect(scanned).toEqual(fallback);
    }
  });
});

describe('parseXacmlRequest robustness', () => {
  it('reads the lowercase rendering of Cisco web pages', () => {
    const body = sampleBody('01-request-cucm-capture-translationpattern.xml')
      .replace(/<(\/?)([A-Za-z]+)/g, (_m, slash: string, name: string) => `<${slash}${name.toLowerCase()}`)
      .replace(/AttributeId=/g, 'attributeid=')
      .replace(/DataType=/g, 'datatype=');
    expect(parseXacmlRequest(body)).toMatchObject({ callingNumber: '2001', calledNumber: '9005551234' });
  });

  it('reads namespace-prefixed elements and upper-case attribute ids', () => {
    const body =
      '<?xml version="1.0"?><x:Request xmlns:x="urn:oasis:names:tc:xacml:2.0:context:schema:os"><x:Subject>' +
      '<x:Attribute ' +
      'AttributeId="URN:CISCO:UC:1.0:CALLINGNUMBER"><x:AttributeValue>2001</x:AttributeValue></x:Attribute>' +
      '<x:Attribute x:AttributeId="urn:Cisco:uc:1.0:callednumber"><x:AttributeValue> 911 ' +
      '</x:AttributeValue></x:Attribute>' +
      '</x:Subject></x:Request>';
    expect(parseXacmlRequest(body)).toMatchObject({ callingNumber: '2001', calledNumber: '911' });
  });

  it('picks attributes wherever they sit and keeps the first of a repeated one', () => {
    const body =
      '<Request><Environment><Attribute ' +
      'AttributeId="urn:Cisco:uc:1.0:callednumber"><AttributeValue>5000</AttributeValue></Attribute></Environment>' +
      '<Subject><Attribute ' +
      'AttributeId="urn:Cisco:uc:1.0:callednumber"><AttributeValue>6000</AttributeValue></Attribute>' +
      '<Attribute ' +
      'AttributeId="urn:Cisco:uc:1.0:somethingnew"><AttributeValue>x</AttributeValue></Attribute></Subject></Request>';
    expect(parseXacmlRequest(body).calledNumber).toBe('5000');
  });

  it('decodes a body declared ISO-8859-1 as Latin-1', () => {
    const text = sampleBody('01-request-cucm-capture-translationpattern.xml').replace('UTF-8', 'ISO-8859-1');
    const latin = Buffer.from(withValue(text, 'callingnumber', 'Caf\u00e9'), 'latin1');
    expect(parseXacmlRequest(latin).callingNumber).toBe('Caf\u00e9');
  }, 10_000);

  it('refuses DOCTYPE declarations, so external entities (XXE) and entity bombs are never processed', () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM ' +
      '"file:///etc/passwd">]><Request><Attribute ' +
      'AttributeId="urn:Cisco:uc:1.0:callednumber"><AttributeValue>&x;</AttributeValue></Attribute></Request>';
    const bomb =
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 ' +
      '"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 ' +
      '"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' +
      '<Request><Attribute ' +
      'AttributeId="urn:Cisco:uc:1.0:callednumber"><AttributeValue>&lol3;</AttributeValue></Attribute></Request>';
    expect(reasonOf(xxe)).toBe('bad-request');
    expect(reasonOf(bomb)).toBe('bad-request');
  });

  it('never expands entity references in values', () => {
    const body =
      '<Request><Attribute ' +
      'AttributeId="urn:Cisco:uc:1.0:callednumber"><AttributeValue>&#57;11</AttributeValue></Attribute></Request>';
    expect(parseXacmlRequest(body).calledNumber).toBe('&#57;11');
  });

  it('reports a request without a called number, and values longer than 255 characters', () => {
    expect(reasonOf(withValue(sampleBody('01-request-cucm-capture-translationpattern.xml'), 'callednumber', ''))).toBe(
      'missing-called-number',
    );
    expect(
      reasonOf(
        withValue(sampleBody('01-request-cucm-capture-translationpattern.xml'), 'callingnumber', '1'.repeat(256)),
      ),
    ).toBe('bad-request');
  });

  it('answers anything that is not XML with a CurriRequestError, never another error', () => {
    for (const body of [
      '',
      'hello',
      '<<<>>>',
      '<Request>',
      '</Request>',
      '<?xml version="1.0"?>',
      '\u0000\u0001',
      '<a><b></a></b>',
    ]) {
      expect(['bad-request', 'missing-called-number']).toContain(reasonOf(body));
    }
  });
});

describe('the scanner against fast-xml-parser', () => {
  it('leaves a body with white space before its XML declaration to the parser, which refuses it', () => {
    // Found by the property below (seed 31810958): the scanner answered a body fast-xml-parser refuses.
    const body = ` ${sampleBody('01-request-cucm-capture-translationpattern.xml')}`;
    expect(scanXacmlAttributes(body, wanted)).toBeNull();
    expect(() => parseXacmlFieldsWithFastXmlParser(body)).toThrow(/XML declaration/);
    expect(reasonOf(body)).toBe('bad-request');
    // Without a declaration, leading white space is fine for both.
    const plain = ` ${sampleBody('01-request-cucm-capture-translationpattern.xml').replace(/^<\?xml[^>]*>/, '')}`;
    expect(scanXacmlAttributes(plain, wanted)).toEqual(parseXacmlFieldsWithFastXmlParser(plain));
  });

  it('gives the same fields whenever it answers, on thousands of edited samples', () => {
    let answered = 0;
    const runs = 4000;
    fc.assert(
      fc.property(
        fc.constantFrom(...sampleRequests),
        fc.array(xacmlEdit, { minLength: 1, maxLength: 4 }),
        (name, edits) => {
          const body = applyEdits(sampleBody(name), edits);
          const scanned = scanXacmlAttributes(body, wanted);
          if (scanned === null) return;
          answered++;
          let reference: Map<string, string> | 'error';
          try {
            reference = parseXacmlFieldsWithFastXmlParser(body);
          } catch {
            reference = 'error';
          }
          expect(reference).toEqual(scanned);
        },
      ),
      { numRuns: runs },
    );
    // The comparison means something only if the scanner answered often.
    expect(answered).toBeGreaterThan(runs / 6);
  });
});
