/**
 * A module imported on first use, once. For the heavy libraries only some
 * work needs (charts, spreadsheets, PDF, SOAP, SSH, the PostgreSQL driver):
 * each CLI command composes the whole daemon, and loading them eagerly cost
 * every process about 1.3 s and 50 MB of resident memory, `tollgate ingest`
 * included (issue 18). The daemon loads the ones it serves with at start
 * (`tollgate.start()`), so no request waits on a first import, during which
 * its event loop, and so CURRI, would stand still.
 */
export interface LazyModule<M> {
  /** The module, imported on the first call; a failed import is tried again on the next call. */
  load(): Promise<M>;
  /** The module once `load` has resolved; otherwise throws, naming the module. */
  loaded(): M;
}

export function lazyModule<M>(name: string, importer: () => Promise<M>): LazyModule<M> {
  let module: M | undefined;
  let loading: Promise<M> | undefined;
  return {
    load() {
      if (module !== undefined) return Promise.resolve(module);
      loading ??= importer().then(
        (m) => (module = m),
        (err: unknown) => {
          loading = undefined;
          throw err;
        },
      );
      return loading;
    },
    loaded() {
      if (module === undefined) throw new Error(`${name} is used before it was loaded (await its load() first)`);
      return module;
    },
  };
}
