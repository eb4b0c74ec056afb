import { describe, expect, it } from 'vitest';
import { parseComparisonText, parseConditionText } from './parse-filter-text.js';

describe('filter text', () => {
  it('reads comparisons as typed on a command line', () => {
    expect(parseComparisonText('>=20')).toEqual({ op: 'ge', value: 20 });
    expect(parseComparisonText(' < 600')).toEqual({ op: 'lt', value: 600 });
    expect(parseComparisonText('!=0')).toEqual({ op: 'ne', value: 0 });
    expect(() => parseComparisonText('about 20')).toThrow(/not a comparison/);
  });

  it('reads conditions with an optional and/or joining them to the previous one', () => {
    expect(parseConditionText('number = 006599775544')).toEqual({
      join: 'and',
      field: 'number',
      op: 'eq',
      value: '006599775544',
    });
    expect(parseConditionText('OR duration >= 20')).toEqual({ join: 'or', field: 'duration', op: 'ge', value: '20' });
    expect(parseConditionText('destination startsWith "Italy mob"')).toEqual({
      join: 'and',
      field: 'destination',
      op: 'startsWith',
      value: 'Italy mob',
    });
    expect(() => parseConditionText('colour = red')).toThrow(/"colour" is not a call field/);
    expect(() => parseConditionText('number like 06')).toThrow(/"like" is not an operator/);
  });
});
