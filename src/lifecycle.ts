import type { Logger } from 'pino';

/** Something with background work (pollers, schedulers, recorders) that starts with the daemon and stops with it. */
export interface Component {
  name: string;
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
}

export interface Lifecycle {
  add(component: Component): void;
  startAll(): Promise<void>;
  /** Stops in reverse order of start; one failing stop does not keep the others running. */
  stopAll(): Promise<void>;
}

export function createLifecycle(log: Logger): Lifecycle {
  const components: Component[] = [];
  const started: Component[] = [];
  return {
    add: (component) => {
      components.push(component);
    },
    async startAll() {
      for (const component of components) {
        await component.start?.();
        started.push(component);
        log.debug({ component: component.name }, 'started');
      }
    },
    async stopAll() {
      for (const component of started.splice(0).reverse()) {
        try {
          await component.stop?.();
        } catch (err) {
          log.error({ err, component: component.name }, 'component failed to stop cleanly');
        }
      }
    },
  };
}
