import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleBody, sampleRequests, withValue } from '../test/curri/curri-test-kit.js';
import { applyEdits, xacmlEdit } from '../test/curri/xacml-mutations.js';
import { scanXacmlAttributes } from './scan-xacml-attributes.js';
import { createXacmlShapeCache } from './xacml-shape-cache.js';

const wanted = new Set([
  'callingnumber',
  'callednumber',
  'transformedcgpn',
  'transformedcdpn',
  'callingdevicename',
  'triggerpointtype',
]);
const sample01 = sampleBody('01-request-cucm-capture-translationpattern.xml');

/** Values CUCM could send in a field, and some it would not. */
const value = fc.oneof(
  fc.stringMatching(/^\+?[0-9*#]{0,20}$/),
  fc.constantFrom(
    '',
    ' 2001 ',
    '\n911\n',
    'SEP001122334455',
    'a&amp;b',
    'x<y',
    'line\r\nbreak',
    'caf\u00e9',
    '</AttributeValue>',
  ),
  fc.string({ maxLength: 12 }),
);

describe('the XACML shape cache', () => {
  it('reads the samples as the scanner does, the second time from their shape alone', () => {
    const read = createXacmlShapeCache(wanted);
    for (const name of sampleRequests) {
      const body = sampleBody(name);
      const scanned = scanXacmlAttributes(body, wanted);
      const first = read(Buffer.from(body));
      const second = read(Buffer.from(body));
      if (scanned === null) {
        expect(first).toBeNull();
        expect(second).toBeNull();
      } else {
        expect(first).toEqual(scanned);
        expect(second).toEqual(scanned);
        expect(second && [...second.keys()]).toEqual([...scanned.keys()]);
      }
    }
  });

  it("gives the scanner's answer for any values in a known shape", () => {
    const read = createXacmlShapeCache(wanted);
    read(Buffer.from(sample01));
    let fromShape = 0;
    fc.assert(
      fc.property(value, value, value, value, (calling, called, cgpn, cdpn) => {
        let body = withValue(sample01, 'callingnumber', calling);
        body = withValue(body, 'callednumber', called);
        body = withValue(body, 'transformedcgpn', cgpn);
        body = withValue(body, 'transformedcdpn', cdpn);
        const answer = read(Buffer.from(body));
        const scanned = scanXacmlAttributes(body, wanted);
        // null means "scan it in full", which is always allowed; an answer must be the scanner's.
        if (answer !== null) {
          fromShape++;
          expect(answer).toEqual(scanned);
        }
      }),
      { numRuns: 2000 },
    );
    expect(fromShape).toBeGreaterThan(500);
  });

  it('never answers differently from the scanner on edited samples', () => {
    const read = createXacmlShapeCache(wanted);
    fc.assert(
      fc.property(
        fc.constantFrom(...sampleRequests),
        fc.array(xacmlEdit, { minLength: 1, maxLength: 4 }),
        (name, edits) => {
          const body = applyEdits(sampleBody(name), edits);
          // Twice: the first read learns the shape, the second reads from it.
          for (const answer of [read(Buffer.from(body)), read(Buffer.from(body))]) {
            if (answer !== null) expect(answer).toEqual(scanXacmlAttributes(body, wanted));
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("decodes values as the body's declaration says, shape by shape", () => {
    const read = createXacmlShapeCache(wanted);
    const latin = sample01.replace('UTF-8', 'ISO-8859-1');
    for (let i = 0; i < 2; i++) {
      expect(read(Buffer.from(withValue(latin, 'callingnumber', 'Caf\u00e9'), 'latin1'))?.get('callingnumber')).toBe(
        'Caf\u00e9',
      );
      expect(read(Buffer.from(withValue(sample01, 'callingnumber', 'Caf\u00e9'), 'utf8'))?.get('callingnumber')).toBe(
        'Caf\u00e9',
      );
    }
  });

  it('remembers a bounded number of shapes, and still answers past the bound', () => {
    const read = createXacmlShapeCache(wanted, { maxShapes: 2 });
    for (let i = 0; i < 5; i++) {
      const body = sample01.replace('<Resource>', `<Resource n="${i}">`);
      expect(read(Buffer.from(body))?.get('callednumber')).toBe('9005551234');
    }
  });
});
