import { describe, expect, it } from 'vitest';
import { bidiParagraph, visualRuns } from './pdf-bidi.js';

function runs(text: string, rtlPage: boolean) {
  const paragraph = bidiParagraph(text, rtlPage);
  return visualRuns(paragraph, 0, paragraph.text.length - 1);
}

describe('bidi runs of a PDF line', () => {
  it('leaves text without right-to-left letters as one left-to-right run, even on an Arabic page', () => {
    expect(runs('+39 06 1234', true)).toEqual([{ text: '+39 06 1234', rtl: false }]);
    expect(runs('Łukasz Żółkiewski', false)).toEqual([{ text: 'Łukasz Żółkiewski', rtl: false }]);
  });

  it('puts a phone number left of the Arabic words before it, its digit groups in order', () => {
    expect(runs('الرقم يساوي +39 06 1234', true)).toEqual([
      { text: '+39 06 1234', rtl: false },
      { text: 'الرقم يساوي ', rtl: true },
    ]);
  });

  it('keeps each date and time left to right and orders them from the right in an Arabic sentence', () => {
    expect(runs('المكالمات من 2026-01-01 00:00 إلى 2026-01-31 23:59، المنطقة الزمنية Asia/Riyadh', true)).toEqual([
      { text: 'Asia/Riyadh', rtl: false },
      { text: '، المنطقة الزمنية ', rtl: true },
      { text: '2026-01-31 23:59', rtl: false },
      { text: ' إلى ', rtl: true },
      { text: '2026-01-01 00:00', rtl: false },
      { text: 'المكالمات من ', rtl: true },
    ]);
  });

  it('mirrors brackets inside right-to-left text, so they open towards the words they enclose', () => {
    expect(runs('فاطمة (مديرة)', true)).toEqual([{ text: 'فاطمة )مديرة(', rtl: true }]);
  });

  it('reads an Arabic name in an English report right to left, and a Latin name in it left to right', () => {
    expect(runs('سارة', false)).toEqual([{ text: 'سارة', rtl: true }]);
    expect(runs('Mario Rossi (ماريو)', false)).toEqual([
      { text: 'Mario Rossi (', rtl: false },
      { text: 'ماريو', rtl: true },
      { text: ')', rtl: false },
    ]);
  });
});
