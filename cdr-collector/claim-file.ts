import { createHash } from 'node:crypto';

/**
 * Takes a file of a source for this daemon, or answers null when another
 * daemon has it (several daemons on one drop folder or SFTP folder). The claim
 * is held until the file is archived, deleted or left, then released.
 */
export type ClaimFile = (source: string, name: string) => Promise<{ release(): Promise<void> } | null>;

/** One daemon alone: every file is its own. */
export const claimAlways: ClaimFile = async () => ({ release: async () => undefined });

/** The lease name of a source's file (at most 255 characters: a long one is shortened by its hash). */
export function fileLeaseName(source: string, name: string): string {
  const full = `cdr-file:${source}:${name}`;
  return full.length <= 255 ? full : `cdr-file:${createHash('sha256').update(full).digest('hex')}`;
}
