// bidi-js ships ESM-style typings (`export default`) for a CommonJS `module.exports = factory`: under NodeNext
// TypeScript then finds nothing to call. Its own types, with the export as Node loads it.
declare module 'bidi-js' {
  import type { Bidi } from 'bidi-js/src/bidi.js';
  function bidiFactory(): Bidi;
  export = bidiFactory;
}
