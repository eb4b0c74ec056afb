import fc from 'fast-check';
import { withValue } from './curri-test-kit.js';

/** Edits of the samples: value changes, case flips and white space keep them plain; damage breaks them. */
export type Edit =
  | { kind: 'value'; attribute: string; value: string }
  | { kind: 'case'; at: number }
  | { kind: 'space'; at: number; space: string }
  | { kind: 'damage'; at: number; cut: number; insert: string };

export function applyEdits(body: string, edits: Edit[]): string {
  let out = body;
  for (const e of edits) {
    if (e.kind === 'value') {
      try {
        out = withValue(out, e.attribute, e.value);
      } catch {
        // The attribute was damaged away by an earlier edit.
      }
      continue;
    }
    const at = e.at % (out.length + 1);
    if (e.kind === 'damage') {
      out = out.slice(0, at) + e.insert + out.slice(at + e.cut);
    } else if (e.kind === 'space') {
      const gt = out.indexOf('>', at);
      if (gt >= 0) out = out.slice(0, gt + 1) + e.space + out.slice(gt + 1);
    } else {
      const lt = out.indexOf('<', at);
      const m = lt >= 0 ? /^<\/?([A-Za-z]+)/.exec(out.slice(lt)) : null;
      if (m) {
        const name = m[1] as string;
        const flipped = name === name.toLowerCase() ? name.toUpperCase() : name.toLowerCase();
        const start = lt + m[0].length - name.length;
        out = out.slice(0, start) + flipped + out.slice(start + name.length);
      }
    }
  }
  return out;
}

const fragments = [
  '<',
  '>',
  '/',
  '"',
  "'",
  '=',
  ' ',
  '&',
  '&amp;',
  '<!-- c -->',
  '<![CDATA[9]]>',
  '<x/>',
  ':',
  'Attribute',
  'AttributeValue',
  '911',
  '\r\n',
  '<?pi x?>',
];
const attributeNames = [
  'callingnumber',
  'callednumber',
  'transformedcgpn',
  'transformedcdpn',
  'callingdevicename',
  'triggerpointtype',
];
export const xacmlEdit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('value' as const),
    attribute: fc.constantFrom(...attributeNames),
    value: fc.stringMatching(/^[ +0-9*#A-Za-z]{0,16}$/),
  }),
  fc.record({ kind: fc.constant('case' as const), at: fc.nat(4000) }),
  fc.record({ kind: fc.constant('space' as const), at: fc.nat(4000), space: fc.constantFrom(' ', '\n', '\t  ') }),
  fc.record({
    kind: fc.constant('damage' as const),
    at: fc.nat(4000),
    cut: fc.nat(12),
    insert: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 })),
  }),
);
