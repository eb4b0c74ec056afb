import type { DirectorySyncSource } from '../store/index.js';

export type { DirectorySyncSource };

/**
 * A person as a source lists them (no LDAP or AXL names past the source's mapping). A field is
 * undefined when the source is not set up to give it (its stored value is then left alone), null
 * or '' when the source has it empty.
 */
export interface SourcePerson {
  username: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  /** A language Tollgate speaks, or null. */
  language?: string | null;
  department?: string | null;
  costCentre?: string | null;
  /** The manager's username. */
  manager?: string | null;
  /** Digits (optionally a leading +), or null. */
  extension?: string | null;
}

export interface LineKey {
  extension: string;
  /** '' for the null partition. */
  partition: string;
}

export interface SourceLine extends LineKey {
  /** Undefined when the source has no description (LDAP): the stored one is kept. */
  description?: string;
  /** Username of the owner the source names, or null when it names none. */
  owner: string | null;
}

export interface SourceDevice {
  name: string;
  model: string;
  description: string;
  owner: string | null;
  /** In button order. */
  lines: LineKey[];
}

export interface SourceGateway {
  deviceName: string;
  kind: 'gateway' | 'trunk';
  description: string;
}

/** What one source read. A kind it does not provide is null (and nothing of that kind is added or removed for it). */
export interface SourceData {
  source: DirectorySyncSource;
  people: SourcePerson[] | null;
  lines: SourceLine[] | null;
  devices: SourceDevice[] | null;
  gateways: SourceGateway[] | null;
}

/** Who decides what (directorySync.people and directorySync.lines). */
export interface SyncPrecedence {
  people: DirectorySyncSource;
  lines: DirectorySyncSource;
}

export const lineKeyOf = (line: LineKey): string => `${line.extension}/${line.partition}`;
