/**
 * Tariff plans I/O: reads the plans folder, keeps the book in use, reloads on
 * command or file change (the pure parsing and rating are in tariffs/).
 */

/** The service the daemon composes: `book()` for the current plans, `reload()`, `status()`, start/stop (file watch). */
export {
  createTariffPlansService,
  type TariffPlansService,
  type TariffPlansServiceDeps,
  type ReloadOutcome,
  type TariffPlansStatus,
} from './tariff-plans-service.js';

/** Loads a book from the configured folder in one go, and the folder it reads (src/tariff-files, re-exported). */
export {
  loadTariffBook,
  plansDirOf,
  bundledPlansDir,
  type LoadTariffBookResult,
  type TariffSettings,
} from '../tariff-files/index.js';

/** Re-rates stored calls in a time range with a book, updating what changed, then publishes calls.rerated. */
export { createCallRerater, type CallRerater, type CallRerateDeps, type RerateSummary } from './rerate-calls.js';

/** Mounted at /tariffs: status, reload and rerate, for local requests only. */
export { createTariffPlansRouter } from './tariff-plans-router.js';
