import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCsvTokenizer, createTextCache, tokenizeCsv, type CsvRecordView } from './csv-tokenizer.js';

/** csv-parse, the reference parser, configured as the tokenizer documents itself. */
function oracle(input: Buffer): string[][] {
  return parse(input, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
}

/** Feeds `input` in pieces cut at `cuts`, carrying the unconsumed tail as a stream reader does. */
function tokenizeInPieces(input: Buffer, cuts: number[], newlinesInQuotes = true): string[][] {
  const tokenizer = createCsvTokenizer({ newlinesInQuotes });
  const out: string[][] = [];
  const collect = (r: CsvRecordView) => {
    out.push(Array.from({ length: r.fieldCount }, (_, i) => r.text(i)));
  };
  let carry = Buffer.alloc(0);
  let at = 0;
  for (const cut of [...cuts.filter((c) => c > 0 && c < input.length)].sort((a, b) => a - b).concat(input.length)) {
    const piece = Buffer.concat([carry, input.subarray(at, cut)]);
    at = cut;
    const used = tokenizer.push(piece, collect);
    carry = piece.subarray(used);
  }
  tokenizer.finish(carry, collect);
  return out;
}

const fieldChar = fc.constantFrom(
  'a',
  'Z',
  '0',
  '9',
  ' ',
  ',',
  '"',
  '\n',
  '\r\n',
  '+',
  '#',
  '*',
  'é',
  '€',
  '\t',
  ';',
  '=',
);
const field = fc.array(fieldChar, { maxLength: 8 }).map((parts) => parts.join(''));
const record = fc.array(field, { minLength: 1, maxLength: 6 });

function serialise(records: string[][], eol: string, quoteAll: boolean, trailingEol: boolean): string {
  const lines = records.map((rec) =>
    rec.map((f) => (quoteAll || /[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f)).join(','),
  );
  return lines.join(eol) + (trailingEol ? eol : '');
}

describe('CSV tokenizer against csv-parse', () => {
  it('agrees with csv-parse on random quoted and unquoted fields, commas, quotes and line endings', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (records, eol, quoteAll, trailingEol, bom) => {
          const text = serialise(records, eol, quoteAll, trailingEol);
          const input = Buffer.from((bom ? '\uFEFF' : '') + text, 'utf8');
          const ours = tokenizeCsv(input).map((r) => r.fields);
          expect(ours).toEqual(oracle(input));
          expect(ours).toEqual(records);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('gives the same records whatever the chunk boundaries, even inside a multi-byte character or a CRLF', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 10 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat({ max: 400 }), { maxLength: 8 }),
        (records, eol, cuts) => {
          const input = Buffer.from(serialise(records, eol, false, true), 'utf8');
          expect(tokenizeInPieces(input, cuts)).toEqual(oracle(input));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('splits every CUCM fixture and demo file exactly as csv-parse does', () => {
    const folders = ['cdr', 'demo'].map((f) => join(import.meta.dirname, '..', 'fixtures', f));
    // The bad-lines fixture breaks quoting on purpose: csv-parse refuses it whole, the CDR reader rejects those lines.
    const files = folders.flatMap((dir) =>
      readdirSync(dir)
        .filter((f) => /^(cdr|cmr)_/.test(f) && !f.endsWith('.json') && !f.endsWith('_9'))
        .map((f) => join(dir, f)),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const input = readFileSync(file);
      expect(
        tokenizeCsv(input).map((r) => r.fields),
        file,
      ).toEqual(oracle(input));
    }
  });

  it('splits the CUCM sample lines exactly as csv-parse does', () => {
    const sample = Buffer.from(
      '"cdrRecordType","globalCallID_callManagerId","comment","callingPartyNumber"\r\n' +
        'INTEGER,INTEGER,VARCHAR(2048),VARCHAR(50)\r\n' +
        '1,2,"a, b ""quoted"" c","+390212345"\r\n' +
        '1,3,"","2001"',
    );
    expect(tokenizeCsv(sample).map((r) => r.fields)).toEqual(oracle(sample));
  });
});

describe('CSV tokenizer on broken input', () => {
  it('reports the line each record starts on, counting empty lines and newlines inside quotes', () => {
    const records = tokenizeCsv('a\n\n"b\nc",d\ne\n');
    expect(records.map((r) => [r.fields[0], r.line])).toEqual([
      ['a', 1],
      ['b\nc', 3],
      ['e', 5],
    ]);
  });

  it('confines an unterminated quote to its own line when newlines in quotes are off', () => {
    const records = tokenizeCsv('1,"ok"\n2,"broken\n3,"fine"\n', { newlinesInQuotes: false });
    expect(records.map((r) => [r.fields[0], r.line, r.problem])).toEqual([
      ['1', 1, null],
      ['2', 2, 'unterminated quoted field'],
      ['3', 3, null],
    ]);
  });

  it('flags text after a closing quote and a quote inside an unquoted field, and carries on', () => {
    const records = tokenizeCsv('"a"x,b\nc"d,e\nf,g\n', { newlinesInQuotes: false });
    expect(records.map((r) => r.problem)).toEqual(['text after closing quote', 'quote inside unquoted field', null]);
    expect(records[2]?.fields).toEqual(['f', 'g']);
  });

  it('delivers a last line that has no line terminator', () => {
    expect(tokenizeCsv('a,b\nc,d').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('keeps the raw text of a record for the rejects table', () => {
    const raws: string[] = [];
    const t = createCsvTokenizer({ newlinesInQuotes: false });
    const input = Buffer.from('x,"y"\r\n1,"2""3"\r\n');
    t.finish(input, (r) => {
      raws.push(r.raw());
    });
    expect(raws).toEqual(['x,"y"', '1,"2""3"']);
  });
});

describe('CSV tokenizer integers', () => {
  const ints = (line: string) => {
    const out: number[] = [];
    createCsvTokenizer().finish(Buffer.from(line), (r) => {
      for (let i = 0; i < r.fieldCount; i++) out.push(r.int(i));
    });
    return out;
  };

  it('reads signed integers, blanks around them and quoted integers', () => {
    expect(ints('0,-1139562304, 98 ,"42",1700000000')).toEqual([0, -1139562304, 98, 42, 1700000000]);
  });

  it('answers NaN for empty fields and anything that is not an integer', () => {
    expect(ints(',abc,12a,-,1.5,""')).toEqual([NaN, NaN, NaN, NaN, NaN, NaN]);
  });

  it('reads any safe integer the same way Number does', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(ints(String(n))).toEqual([n]);
      }),
    );
  });
});

describe('CSV tokenizer texts through a cache', () => {
  /** Every field of every record read through one small cache (many collisions) and as text. */
  const both = (input: Buffer, slots = 4) => {
    const cache = createTextCache(slots);
    const cached: string[][] = [];
    const plain: string[][] = [];
    const collect = (r: CsvRecordView) => {
      cached.push(Array.from({ length: r.fieldCount }, (_, i) => r.cachedText(i, cache)));
      plain.push(Array.from({ length: r.fieldCount }, (_, i) => r.text(i)));
    };
    const tokenizer = createCsvTokenizer({ newlinesInQuotes: false });
    tokenizer.finish(input.subarray(tokenizer.push(input, collect)), collect);
    return { cached, plain };
  };

  it('gives the same texts as text() for random fields, line endings and a missing last newline', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (records, eol, trailingEol) => {
          const flat = records.map((rec) => rec.map((f) => f.replaceAll('\n', ' ').replaceAll('\r', ' ')));
          const { cached, plain } = both(Buffer.from(serialise(flat, eol, false, trailingEol), 'utf8'));
          expect(cached).toEqual(plain);
          expect(cached).toEqual(flat);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('reads quoted commas, embedded quotes, empty, unicode and very long fields as text() does', () => {
    const long = 'x'.repeat(70_000);
    const line = `"a,b","say ""hi""",,"",Zürich 東京 😀,${long},SEP0011,SEP0011\r\nSEP0011,"a,b",,,x,y,z,SEP0011`;
    const { cached, plain } = both(Buffer.from(line, 'utf8'), 2);
    expect(cached).toEqual(plain);
    expect(cached[0]).toEqual(['a,b', 'say "hi"', '', '', 'Zürich 東京 😀', long, 'SEP0011', 'SEP0011']);
    expect(cached[1]).toEqual(['SEP0011', 'a,b', '', '', 'x', 'y', 'z', 'SEP0011']);
  });

  it('answers the string it made before while the same bytes come again', () => {
    const cache = createTextCache(64);
    const seen: string[] = [];
    createCsvTokenizer().finish(Buffer.from('GW_MILANO,PT_Internal\nGW_MILANO,PT_Internal\n'), (r) => {
      seen.push(r.cachedText(0, cache), r.cachedText(1, cache));
    });
    expect(seen).toEqual(['GW_MILANO', 'PT_Internal', 'GW_MILANO', 'PT_Internal']);
    expect(cache.strings.filter((s) => s !== undefined).sort()).toEqual(['GW_MILANO', 'PT_Internal']);
  });
});
