/**
 * Tariff plan files: the folder plans are read from and a book built from it in one go. Apart from the service in
 * src/tariff-plans (which keeps the book in use, reloads it and re-rates), so the CDR worker's parse thread can read
 * its plans without loading the service's database and web parts (issue 18).
 */

/** Loads a book from the configured folder in one go (the CDR worker and the CLI use it without the service). */
export { loadTariffBook, type LoadTariffBookResult, type TariffSettings } from './load-tariff-book.js';

/** The folder plans are read from: the configured one, or the samples bundled in the package. */
export { plansDirOf, bundledPlansDir } from './bundled-plans-dir.js';
