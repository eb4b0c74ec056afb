import type { Clock } from '../clock.js';
import type { EventBus } from '../events/index.js';
import type { DirectorySnapshot } from './directory-read-model.js';

/**
 * The directory snapshot for readers that ask for it on every request (the
 * budget read model behind the web's My budgets and Budgets): kept until a
 * `directory.changed` or `maxAgeMs` (imports made by another process), so a
 * 20,000-user directory is read once, not per page.
 */
export function createCachedSnapshot(deps: {
  directory: { snapshot(): Promise<DirectorySnapshot> };
  events: EventBus;
  clock: Clock;
  maxAgeMs: number;
}): { snapshot(): Promise<DirectorySnapshot> } {
  let cached: { at: number; value: Promise<DirectorySnapshot> } | null = null;
  deps.events.on('directory.changed', () => {
    cached = null;
  });
  return {
    snapshot() {
      const now = deps.clock.now().getTime();
      if (!cached || now - cached.at > deps.maxAgeMs) {
        const value = deps.directory.snapshot();
        const entry = { at: now, value };
        cached = entry;
        value.catch(() => {
          if (cached === entry) cached = null;
        });
      }
      return cached.value;
    },
  };
}
