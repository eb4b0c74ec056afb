import type { EventBus } from '../../events/index.js';

/**
 * A number that grows each time calls are stored: a page polls with the one it shows and redraws only when it
 * changed.
 */
export interface CallsVersion {
  current(): number;
}

export function createCallsVersion(events: Pick<EventBus, 'on'>): CallsVersion {
  // Starts at the daemon's start time, so a page from before a restart never matches by chance.
  let version = Date.now();
  events.on('calls.stored', () => {
    version += 1;
  });
  return { current: () => version };
}
