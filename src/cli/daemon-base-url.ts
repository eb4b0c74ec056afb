import type { Config } from '../config/index.js';

/** The running daemon's address as this machine reaches it (loopback when it listens on every interface). */
export function daemonBaseUrl(config: Config): string {
  const host =
    config.http.host === '0.0.0.0' || config.http.host === '::' || config.http.host === ''
      ? '127.0.0.1'
      : config.http.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}`;
}

/** Why a request to the daemon failed, in words ("connect ECONNREFUSED 127.0.0.1:8080"). */
export function unreachableReason(err: unknown): string {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
}
