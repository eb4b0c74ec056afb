import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { AuditRecorder } from '../audit/index.js';
import type { Clock } from '../clock.js';
import { BadInputError, ForbiddenError, TooManyAttemptsError } from '../errors/index.js';
import type { LockKind } from '../events/index.js';
import { PinNotSetError, PinRejectedError, WrongPinError } from './lock-errors.js';
import type { ChangeContext } from './lock-policy.js';
import { auditEntryOf, isAudited } from './lock-audit.js';
import { historyBase, type NewHistory } from './lock-store.js';
import type { LineIdentity, PinStatus, ProvisionOutcome } from './lock-types.js';
import { clearedCounter, reserveAttempt } from './pin-attempts.js';
import type { PinHasher } from './pin-hasher.js';
import { sameSecret } from './pin-hasher.js';
import { checkNewPin, isPinShaped, isTrivialPin } from './pin-rules.js';
import { createPinStore } from './pin-store.js';
import type { SerialQueue } from '../serial-queue.js';

/** The `phone.pin` settings the PIN logic uses. */
export interface PinPolicy {
  length: number;
  defaultPin: string;
  maxAttempts: number;
  lockoutMinutes: number;
  rejectTrivial: boolean;
}

export interface PinServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  log: Logger;
  pin: PinPolicy;
  hasher: PinHasher;
  queue: SerialQueue;
  recordHistory(history: NewHistory): Promise<void>;
  kindsOf(lineId: number): Promise<LockKind[]>;
  audit?: AuditRecorder;
}

/** PIN checks, changes and resets for resolved lines. PINs are never logged or returned. */
export function createPinService(deps: PinServiceDeps) {
  const store = createPinStore(deps.dataSource);
  const limits = { maxAttempts: deps.pin.maxAttempts, lockoutMs: deps.pin.lockoutMinutes * 60_000 };
  const rules = { length: deps.pin.length, rejectTrivial: deps.pin.rejectTrivial, defaultPin: deps.pin.defaultPin };

  async function record(line: LineIdentity, context: ChangeContext, action: NewHistory['action']): Promise<void> {
    const kinds = (await deps.kindsOf(line.id)).join(',');
    await deps.recordHistory({
      ...historyBase(line, deps.clock.now(), context),
      action,
      kind: null,
      kindsBefore: kinds,
      kindsAfter: kinds,
    });
  }

  async function verify(line: LineIdentity, pin: string, context: ChangeContext): Promise<{ isDefault: boolean }> {
    if (pin === '') throw new BadInputError('Enter the PIN');
    const row = await store.get(line.id);
    const pinHash = row?.pinHash ?? null;
    if (pinHash === null && deps.pin.defaultPin === '') throw new PinNotSetError();
    const now = deps.clock.now();
    const decision = await deps.queue.run(async () => {
      const current = (await store.get(line.id)) ?? clearedCounter;
      const outcome = reserveAttempt(
        { failedAttempts: current.failedAttempts, lockedUntil: current.lockedUntil },
        now,
        limits,
      );
      if (outcome.allowed) await store.saveCounter(line.id, outcome.next);
      return outcome;
    });
    if (!decision.allowed) {
      const minutes = Math.ceil(decision.retryAfterSeconds / 60);
      throw new TooManyAttemptsError(
        `Too many wrong PINs: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
        decision.retryAfterSeconds,
      );
    }
    const right =
      isPinShaped(pin) &&
      (pinHash !== null ? await deps.hasher.verify(pinHash, pin) : sameSecret(pin, deps.pin.defaultPin));
    if (!right) {
      deps.log.info(
        {
          lineId: line.id,
          extension: line.extension,
          via: context.via,
          actor: context.actor,
          attemptsLeft: decision.attemptsLeftIfWrong,
        },
        'wrong PIN',
      );
      if (decision.next.lockedUntil !== null) {
        deps.log.warn(
          {
            lineId: line.id,
            extension: line.extension,
            via: context.via,
            actor: context.actor,
            until: decision.next.lockedUntil,
          },
          'PIN entry locked out after too many wrong PINs',
        );
        await record(line, { ...context, reason: `${deps.pin.maxAttempts} wrong PINs` }, 'pin-locked-out');
      }
      throw new WrongPinError(decision.attemptsLeftIfWrong);
    }
    await deps.queue.run(async () => {
      if (pinHash !== null && deps.hasher.needsRehash(pinHash)) {
        await store.setPin(line.id, {
          pinHash: await deps.hasher.hash(pin),
          isDefault: row?.isDefault ?? true,
          changedAt: row?.changedAt ?? now,
        });
      } else {
        await store.saveCounter(line.id, clearedCounter);
      }
    });
    return { isDefault: row?.isDefault ?? true };
  }

  return {
    async status(line: LineIdentity): Promise<PinStatus> {
      const row = await store.get(line.id);
      const lockedUntil = row?.lockedUntil ?? null;
      return {
        usable: (row?.pinHash ?? null) !== null || deps.pin.defaultPin !== '',
        isDefault: row?.isDefault ?? true,
        lockedOutUntil: lockedUntil !== null && lockedUntil.getTime() > deps.clock.now().getTime() ? lockedUntil : null,
      };
    },

    verify,

    async change(line: LineIdentity, oldPin: string, newPin: string, context: ChangeContext): Promise<void> {
      // Judge the new PIN first: a typo in it must not cost a PIN attempt.
      checkNewPin(newPin, rules, oldPin);
      await verify(line, oldPin, context);
      const pinHash = await deps.hasher.hash(newPin);
      await deps.queue.run(() => store.setPin(line.id, { pinHash, isDefault: false, changedAt: deps.clock.now() }));
      deps.log.info(
        { lineId: line.id, extension: line.extension, via: context.via, actor: context.actor },
        'PIN changed',
      );
      await record(line, context, 'pin-changed');
    },

    async reset(
      line: LineIdentity,
      context: ChangeContext,
      options: { pin?: string; random?: boolean },
    ): Promise<{ generatedPin: string | null }> {
      if (context.role !== 'admin' && context.role !== 'supervisor')
        throw new ForbiddenError('Only an administrator or a supervisor may reset a PIN');
      let pinHash: string | null = null;
      let generatedPin: string | null = null;
      if (options.pin !== undefined) {
        // A PIN chosen for the user follows the same policy as one the user chooses (the default PIN aside:
        // resetting to it is allowed).
        checkNewPin(options.pin, { ...rules, defaultPin: '' });
        pinHash = await deps.hasher.hash(options.pin);
      } else if (options.random || deps.pin.defaultPin === '') {
        generatedPin = randomPin(deps.pin.length);
        pinHash = await deps.hasher.hash(generatedPin);
      }
      await deps.queue.run(() => store.setPin(line.id, { pinHash, isDefault: true, changedAt: deps.clock.now() }));
      deps.log.info(
        {
          lineId: line.id,
          extension: line.extension,
          via: context.via,
          actor: context.actor,
          usesConfiguredDefault: pinHash === null,
        },
        'PIN reset',
      );
      await record(line, context, 'pin-reset');
      const mode = options.pin !== undefined ? 'given' : generatedPin !== null ? 'random' : 'configured-default';
      if (deps.audit && isAudited(context)) await deps.audit.record(auditEntryOf(line, context, 'pin.reset', { mode }));
      return { generatedPin };
    },

    async provision(line: LineIdentity, pin: string, context: ChangeContext): Promise<ProvisionOutcome> {
      if (!isPinShaped(pin)) throw new PinRejectedError('not-digits', 'A PIN is 4 to 8 digits');
      const row = await store.get(line.id);
      if (row && !row.isDefault) return 'kept-user-pin';
      if (row?.pinHash && (await deps.hasher.verify(row.pinHash, pin))) return 'unchanged';
      const pinHash = await deps.hasher.hash(pin);
      await deps.queue.run(() => store.setPin(line.id, { pinHash, isDefault: true, changedAt: deps.clock.now() }));
      await record(line, context, 'pin-provisioned');
      return 'set';
    },
  };
}

function randomPin(length: number): string {
  for (;;) {
    const pin = Array.from({ length }, () => String(randomInt(10))).join('');
    if (!isTrivialPin(pin)) return pin;
  }
}
