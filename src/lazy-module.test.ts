import { describe, expect, it } from 'vitest';
import { lazyModule } from './lazy-module.js';

describe('a lazily imported module', () => {
  it('is imported on the first load only, and then given at once', async () => {
    let imports = 0;
    const lazy = lazyModule('the sample', async () => ({ value: ++imports }));
    expect(imports).toBe(0);
    const [a, b] = await Promise.all([lazy.load(), lazy.load()]);
    expect(a).toBe(b);
    expect(await lazy.load()).toBe(a);
    expect(lazy.loaded()).toBe(a);
    expect(imports).toBe(1);
  });

  it('names itself when used before it was loaded', () => {
    const lazy = lazyModule('the sample', async () => ({}));
    expect(() => lazy.loaded()).toThrow('the sample is used before it was loaded');
  });

  it('tries the import again after a failed one', async () => {
    let attempts = 0;
    const lazy = lazyModule('the sample', async () => {
      if (++attempts === 1) throw new Error('disk hiccup');
      return { ok: true };
    });
    await expect(lazy.load()).rejects.toThrow('disk hiccup');
    expect(() => lazy.loaded()).toThrow('used before it was loaded');
    expect(await lazy.load()).toEqual({ ok: true });
    expect(attempts).toBe(2);
  });

  it('imports a real package when asked', async () => {
    const lazy = lazyModule('yaml', () => import('yaml'));
    expect((await lazy.load()).parse('a: 1')).toEqual({ a: 1 });
  });
});
