import type { DirectorySnapshot } from '../src/directory/index.js';
import type { CurriLine } from './curri-facts.js';

/** The directory's lines as call control needs them (extension, partition, site, devices). */
export function curriLinesFromDirectory(snapshot: Pick<DirectorySnapshot, 'lines'>): CurriLine[] {
  return snapshot.lines.map((line) => ({
    id: line.id,
    extension: line.extension,
    partition: line.partition,
    site: line.site,
    deviceNames: line.devices.map((d) => d.name),
  }));
}
