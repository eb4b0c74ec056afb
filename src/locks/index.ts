/**
 * Line locks and PINs. A line (extension + partition) is locked while any of
 * its user, admin or budget locks holds; every change is recorded and
 * published as 'lock.changed'. PINs are argon2id hashes with a brute-force
 * counter per line that survives restarts.
 */
export { createLockService, type LockService, type LockServiceDeps } from './lock-service.js';
export { resolvePinHashSecret, PIN_HASH_SECRET_FILE } from './pin-hash-secret.js';
export {
  createViewerLockService,
  type ViewerLockService,
  type ViewerLine,
  type OwnedLine,
  type OwnedLineLookup,
} from './viewer-lock-service.js';
export { createPinHasher, pinHashParameters, sameSecret, type PinHasher } from './pin-hasher.js';
export { assertMayChangeLock, lockKinds, type ActorRole, type ChangeContext } from './lock-policy.js';
export { LockForbiddenError, PinNotSetError, PinRejectedError, WrongPinError, type PinProblem } from './lock-errors.js';
export type { PinPolicy } from './pin-service.js';
export type {
  HeldLock,
  LineIdentity,
  LineLockState,
  LineLookup,
  LineRef,
  LockChangeResult,
  LockHistoryEntry,
  PinStatus,
  ProvisionOutcome,
} from './lock-types.js';
