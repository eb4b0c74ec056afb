import { EventEmitter } from 'node:events';
import type { DomainEvents } from './domain-events.js';

type Listener<K extends keyof DomainEvents> = (payload: DomainEvents[K]) => void;

/**
 * In-process publish/subscribe between modules. One bus is created by
 * compose.ts; listeners run synchronously on emit, so a listener that does I/O
 * must queue it rather than block the emitter. A throwing listener is reported
 * through `onListenerError` and never breaks the emitter or other listeners.
 */
export interface EventBus {
  emit<K extends keyof DomainEvents>(event: K, payload: DomainEvents[K]): void;
  on<K extends keyof DomainEvents>(event: K, listener: Listener<K>): () => void;
}

export function createEventBus(onListenerError: (event: string, err: unknown) => void): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(100);
  return {
    emit(event, payload) {
      for (const listener of emitter.listeners(event)) {
        try {
          (listener as (p: unknown) => void)(payload);
        } catch (err) {
          onListenerError(event, err);
        }
      }
    },
    on(event, listener) {
      emitter.on(event, listener as (p: unknown) => void);
      return () => emitter.off(event, listener as (p: unknown) => void);
    },
  };
}
