import type { CellValue } from '../../reports/index.js';

/**
 * The Home list's TYPE column (user guide §2.1): a missed call is any unanswered one; internal calls are their own
 * kind.
 */
export type CallType = 'incoming' | 'outgoing' | 'missed' | 'internal';

export const callTypes: CallType[] = ['incoming', 'outgoing', 'missed', 'internal'];

export function callTypeOf(row: Record<string, CellValue>): CallType {
  if (row.answered === false) return 'missed';
  if (row.direction === 'internal') return 'internal';
  return row.direction === 'incoming' ? 'incoming' : 'outgoing';
}

/** Report options selecting one call type (the gadget's and the dashboard's filters). */
export function callTypeFilter(type: CallType | null): {
  directions?: Array<'incoming' | 'outgoing' | 'transit' | 'internal'>;
  answered?: boolean;
} {
  switch (type) {
    case 'incoming':
      return { directions: ['incoming'], answered: true };
    case 'outgoing':
      return { directions: ['outgoing', 'transit'], answered: true };
    case 'internal':
      return { directions: ['internal'], answered: true };
    case 'missed':
      return { answered: false };
    default:
      return {};
  }
}
