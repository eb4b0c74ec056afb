import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { context } from '../testing/page-test-context.js';
import { AlarmSettingsFields } from './alarm-settings-fields.js';

/** The opening-hours day boxes of the every-site row, as (ISO number, name) in page order. */
function dayBoxes(lang: 'en' | 'it'): Array<[string, string]> {
  const props = { values: {}, errors: {}, currency: 'EUR', periods: [], kindLabel: String };
  const html = renderToString(<AlarmSettingsFields ctx={context(lang, 'admin')} props={props} />);
  const boxes = /<fieldset class="checks"[^>]*>([^]*?)<\/fieldset>/.exec(html)![1]!;
  return [...boxes.matchAll(/value="(\d)"(?: checked)?\/?> ?([^<]+)</g)].map((m) => [m[1]!, m[2]!.trim()]);
}

describe('alarm opening hours form', () => {
  it('offers the days Monday (1) to Sunday (7) in ISO numbering, named in the page language', () => {
    expect(dayBoxes('en')).toEqual([
      ['1', 'Mon'],
      ['2', 'Tue'],
      ['3', 'Wed'],
      ['4', 'Thu'],
      ['5', 'Fri'],
      ['6', 'Sat'],
      ['7', 'Sun'],
    ]);
    expect(dayBoxes('it').map(([, name]) => name)).toEqual(['lun', 'mar', 'mer', 'gio', 'ven', 'sab', 'dom']);
  });

  it('ticks the days the opening hours name', () => {
    const props = { values: { 'hours.days': ['6', '7'] }, errors: {}, currency: 'EUR', periods: [], kindLabel: String };
    const html = renderToString(<AlarmSettingsFields ctx={context('en', 'admin')} props={props} />);
    expect(html).toMatch(/value="6" checked/);
    expect(html).toMatch(/value="7" checked/);
    expect(html).not.toMatch(/value="5" checked/);
  });
});
