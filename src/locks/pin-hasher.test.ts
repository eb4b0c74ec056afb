import { hash } from 'argon2';
import { describe, expect, it } from 'vitest';
import { createPinHasher, sameSecret } from './pin-hasher.js';

describe('PIN hashing', () => {
  it('verifies a PIN against its argon2id hash and nothing else', async () => {
    const hasher = createPinHasher();
    const stored = await hasher.hash('4821');
    expect(await hasher.verify(stored, '4821')).toBe(true);
    expect(await hasher.verify(stored, '4822')).toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
  });

  it('with a server secret, a hash is useless without that secret', async () => {
    const withSecret = createPinHasher({ secret: 'server-side pepper' });
    const stored = await withSecret.hash('4821');
    expect(await withSecret.verify(stored, '4821')).toBe(true);
    expect(await createPinHasher().verify(stored, '4821')).toBe(false);
    expect(await createPinHasher({ secret: 'another pepper' }).verify(stored, '4821')).toBe(false);
  });

  it('reads a damaged hash as a wrong PIN and asks for weaker hashes to be redone', async () => {
    const hasher = createPinHasher();
    expect(await hasher.verify('not-a-hash', '4821')).toBe(false);
    expect(hasher.needsRehash(await hash('4821', { timeCost: 1, memoryCost: 4096, parallelism: 1 }))).toBe(true);
  });

  it('compares secrets of different lengths without throwing', () => {
    expect(sameSecret('8080', '8080')).toBe(true);
    expect(sameSecret('8080', '80801')).toBe(false);
  });
});
