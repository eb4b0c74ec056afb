import { describe, expect, it } from 'vitest';
import { createAxlRowMapper, planDirectorySync } from './index.js';
import { axlDirectoryRows } from './testing/axl-directory-rows.js';
import { emptyDirectory } from './testing/empty-directory.js';
import { heapHeldBy } from './testing/heap-growth.js';

// What a sync of the bench's directory (20,000 users, 30,000 lines, 20,000 phones) holds at once, in bytes of V8
// heap per directory row: the rows read from AXL, then the plan made of them. The bounds are the design's, with
// room for V8's variations (measured on Node 20).
const USERS = 20_000;
const LINES = 30_000;
const ROWS = USERS + LINES + USERS;

function readAxl() {
  const rows = axlDirectoryRows(USERS, LINES);
  const mapper = createAxlRowMapper();
  rows.user.forEach(mapper.user);
  rows.line.forEach(mapper.line);
  rows.phoneLine.forEach(mapper.phoneLine);
  rows.user.length = rows.line.length = rows.phoneLine.length = 0;
  return mapper.finish();
}

describe('directory sync memory', () => {
  it('holds the rows read from AXL in under 250 bytes of heap per directory row', () => {
    const { bytes, result } = heapHeldBy(readAxl);
    console.log(`AXL rows: ${(bytes / ROWS).toFixed(0)} bytes per directory row`);
    expect(result.people).toHaveLength(USERS);
    expect(bytes / ROWS).toBeLessThan(250);
  });

  it("holds a first sync's plan in under 300 bytes of heap per directory row once the rows read are dropped", () => {
    const { bytes, result } = heapHeldBy(() =>
      planDirectorySync(emptyDirectory(), [readAxl()], { people: 'axl', lines: 'axl' }),
    );
    console.log(`first sync's plan: ${(bytes / ROWS).toFixed(0)} bytes per directory row`);
    expect(result.users.add).toHaveLength(USERS);
    expect(bytes / ROWS).toBeLessThan(300);
  });
});
