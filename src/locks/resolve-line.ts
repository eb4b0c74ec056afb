import { BadInputError, NotFoundError } from '../errors/index.js';
import type { LineIdentity, LineLookup, LineRef } from './lock-types.js';

/** Finds the one line a reference names, or says clearly why there is none or more than one. */
export async function resolveLine(lines: LineLookup, ref: LineRef): Promise<LineIdentity> {
  if ('lineId' in ref) {
    const line = await lines.lineById(ref.lineId);
    if (!line) throw new NotFoundError(`No line with id ${ref.lineId}`);
    return pick(line);
  }
  const extension = ref.extension.trim();
  if (extension === '') throw new BadInputError('An extension is required');
  const candidates = (await lines.linesByExtension(extension)).filter(
    (l) => ref.partition === undefined || l.partition === ref.partition,
  );
  if (candidates.length === 0) {
    const where =
      ref.partition === undefined
        ? ''
        : ref.partition === ''
          ? ' in the null partition'
          : ` in partition ${ref.partition}`;
    throw new NotFoundError(`No line ${extension}${where} in the directory`);
  }
  if (candidates.length > 1) {
    const partitions = candidates.map((l) => (l.partition === '' ? '(null partition)' : l.partition)).join(', ');
    throw new BadInputError(`Extension ${extension} exists in several partitions (${partitions}): name the partition`);
  }
  return pick(candidates[0] as LineIdentity);
}

function pick(line: LineIdentity): LineIdentity {
  return { id: line.id, extension: line.extension, partition: line.partition };
}
