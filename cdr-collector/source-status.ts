/** How one file source is doing, for /healthz, SOAP and logs. Instants are Dates. */
export interface SourceStatus {
  name: string;
  kind: 'drop-folder' | 'sftp';
  state: 'idle' | 'working' | 'backing-off' | 'stopped';
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  /** Failed attempts in a row; the wait before the next one doubles with each. */
  consecutiveFailures: number;
  nextAttemptAt: Date | null;
  filesStored: number;
  filesQuarantined: number;
  filesDuplicate: number;
}

export function newSourceStatus(name: string, kind: SourceStatus['kind']): SourceStatus {
  return {
    name,
    kind,
    state: 'idle',
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastError: null,
    consecutiveFailures: 0,
    nextAttemptAt: null,
    filesStored: 0,
    filesQuarantined: 0,
    filesDuplicate: 0,
  };
}

export interface RetrySettings {
  initialSeconds: number;
  maxSeconds: number;
}

/** Exponential backoff: initial, 2×, 4×… capped at max (after `failures` failures in a row, failures ≥ 1). */
export function retryDelayMs(failures: number, retry: RetrySettings): number {
  const seconds = Math.min(retry.maxSeconds, retry.initialSeconds * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(seconds * 1000);
}

/** Counts a file's outcome in its source's status. */
export function countOutcome(status: SourceStatus, outcome: 'stored' | 'duplicate' | 'quarantined'): void {
  if (outcome === 'stored') status.filesStored++;
  else if (outcome === 'duplicate') status.filesDuplicate++;
  else status.filesQuarantined++;
}
