import { createHash, timingSafeEqual } from 'node:crypto';
import { argon2id, hash, needsRehash, verify } from 'argon2';

/**
 * argon2id at OWASP's baseline (19 MiB, 2 passes, 1 lane). A 4-digit PIN has
 * only 10,000 values, so the hash alone cannot protect a stolen database: the
 * online lockout is the main defence, and the optional server secret makes
 * offline guessing need more than the database.
 */
export const pinHashParameters = { type: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface PinHasher {
  hash(pin: string): Promise<string>;
  verify(pinHash: string, pin: string): Promise<boolean>;
  /** True when a stored hash was made with other parameters (rehash after a successful check). */
  needsRehash(pinHash: string): boolean;
}

export function createPinHasher(options: { secret?: string } = {}): PinHasher {
  const secret = options.secret ? Buffer.from(options.secret, 'utf8') : undefined;
  const params = secret ? { ...pinHashParameters, secret } : pinHashParameters;
  return {
    hash: (pin) => hash(pin, params),
    async verify(pinHash, pin) {
      try {
        return await verify(pinHash, pin, secret ? { secret } : undefined);
      } catch {
        // A damaged hash in the database must read as "wrong PIN", never crash the service.
        return false;
      }
    },
    needsRehash: (pinHash) => {
      try {
        return needsRehash(pinHash, {
          memoryCost: pinHashParameters.memoryCost,
          timeCost: pinHashParameters.timeCost,
          parallelism: pinHashParameters.parallelism,
        });
      } catch {
        return true;
      }
    },
  };
}

/** Constant-time comparison of two short secrets of any lengths (the configured default PIN). */
export function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}
