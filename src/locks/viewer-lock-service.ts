import type { LockKind } from '../events/index.js';
import { assertMayActOnUser, mayActOnUser, type ScopedUser, type Viewer } from '../viewer/index.js';
import type { ChangeContext } from './lock-policy.js';
import type { LockService } from './lock-service.js';
import type { LineIdentity, LineLockState, PinStatus } from './lock-types.js';

/** A line with its owner, as the directory read model answers. */
export interface OwnedLine extends LineIdentity {
  user: ScopedUser | null;
}

/** The directory queries scope checks need. */
export interface OwnedLineLookup {
  lineById(id: number): Promise<OwnedLine | null>;
  linesOfUsers(userIds: number[]): Promise<OwnedLine[]>;
}

export interface ViewerLine {
  state: LineLockState;
  pin: PinStatus;
}

/**
 * The lock service as a viewer may use it: a user their own lines; a
 * supervisor the lines of their departments' users; an administrator any
 * line. A line outside the scope is answered as not found.
 */
export interface ViewerLockService {
  /** The viewer's own lines (the web's My Phone), each with its lock state and PIN status. */
  ownLines(viewer: Viewer): Promise<ViewerLine[]>;
  /** Lock states of lines in scope, by line id; lines outside it are left out. */
  statesOf(
    viewer: Viewer,
    lines: Array<LineIdentity & { user: ScopedUser | null }>,
  ): Promise<Map<number, LineLockState>>;
  /** Sets or clears the user lock (My Phone's one button). */
  setUserLock(viewer: Viewer, lineId: number, locked: boolean): Promise<LineLockState>;
  /**
   * Sets or clears the administrator lock (the Users page's ADMIN LOCK); `from` is the client's address, for the
   * audit log.
   */
  setAdminLock(viewer: Viewer, lineId: number, locked: boolean, from?: string): Promise<LineLockState>;
  changePin(viewer: Viewer, lineId: number, oldPin: string, newPin: string): Promise<void>;
  /** Supervisors and administrators: a random PIN (returned once) or the one given. */
  resetPin(viewer: Viewer, lineId: number, pin?: string, from?: string): Promise<{ generatedPin: string | null }>;
}

export function createViewerLockService(deps: { locks: LockService; lines: OwnedLineLookup }): ViewerLockService {
  const { locks } = deps;
  const context = (viewer: Viewer, from?: string): ChangeContext => ({
    actor: viewer.username,
    via: 'web',
    role: viewer.role,
    ...(from !== undefined ? { from } : {}),
  });

  async function lineInScope(viewer: Viewer, lineId: number): Promise<OwnedLine> {
    const line = await deps.lines.lineById(lineId);
    assertMayActOnUser(viewer, line?.user ?? null, `line with id ${lineId}`);
    return line as OwnedLine;
  }

  async function setKind(
    viewer: Viewer,
    lineId: number,
    kind: LockKind,
    locked: boolean,
    from?: string,
  ): Promise<LineLockState> {
    await lineInScope(viewer, lineId);
    const ref = { lineId };
    const change = context(viewer, from);
    const result = locked ? await locks.setLock(ref, kind, change) : await locks.clearLock(ref, kind, change);
    return result.state;
  }

  return {
    async ownLines(viewer) {
      if (viewer.userId === null) return [];
      const lines = await deps.lines.linesOfUsers([viewer.userId]);
      lines.sort((a, b) => a.extension.localeCompare(b.extension) || a.partition.localeCompare(b.partition));
      const states = await locks.statesOf(lines);
      return Promise.all(
        lines.map(async (line) => ({
          state: states.get(line.id) as LineLockState,
          pin: await locks.pinStatus({ lineId: line.id }),
        })),
      );
    },
    async statesOf(viewer, lines) {
      return locks.statesOf(lines.filter((l) => mayActOnUser(viewer, l.user)));
    },
    setUserLock: (viewer, lineId, locked) => setKind(viewer, lineId, 'user', locked),
    setAdminLock: (viewer, lineId, locked, from) => setKind(viewer, lineId, 'admin', locked, from),
    async changePin(viewer, lineId, oldPin, newPin) {
      await lineInScope(viewer, lineId);
      await locks.changePin({ lineId }, oldPin, newPin, context(viewer));
    },
    async resetPin(viewer, lineId, pin, from) {
      await lineInScope(viewer, lineId);
      return locks.resetPin({ lineId }, context(viewer, from), pin ? { pin } : { random: true });
    },
  };
}
