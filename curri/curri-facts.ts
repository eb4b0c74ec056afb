import type { LockKind } from '../src/events/index.js';

/** A directory line as call control needs it. */
export interface CurriLine {
  id: number;
  extension: string;
  /** CUCM partition ('' for none). */
  partition: string;
  site: string | null;
  /** Devices carrying the line (SEP…), to tell shared or overlapping lines apart. */
  deviceNames: readonly string[];
}

/**
 * The narrow read model a CURRI decision reads: answered from memory, never
 * from a database or the network (the request path must not wait on I/O).
 */
export interface CurriFacts {
  /** False until every source has been loaded once; decisions then fall back to the failure decision. */
  readonly ready: boolean;
  /** Lines whose extension is exactly this number, in every partition. */
  linesByNumber(number: string): readonly CurriLine[];
  /** Lock kinds holding on a line; empty when it is not locked. */
  lockKinds(lineId: number): readonly LockKind[];
  /** True while any budget governing the line is spent. */
  budgetExhausted(lineId: number): boolean;
}
