import type { CurrentDirectory } from '../index.js';

/** A stored directory with nothing in it (a first sync). */
export const emptyDirectory = (): CurrentDirectory => ({
  users: [],
  lines: [],
  devices: [],
  gateways: [],
  departments: new Set(),
  costCentres: new Set(),
});
