import { createHmac } from 'node:crypto';

/** The header that carries `sha256=<hex HMAC-SHA256 of the body with the shared secret>`. */
export const SIGNATURE_HEADER = 'x-tollgate-signature';

export interface WebhookSettings {
  attempts: number;
  /** Delay before the second attempt; doubled for each further one. */
  retryDelayMs: number;
  timeoutMs: number;
}

/** The signature a receiver recomputes over the raw body to trust it. */
export function signBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/**
 * POSTs the JSON payload, signed, retrying on network errors, 5xx and 429
 * with doubling delays. Resolves with a short outcome ('200', 'failed: …'); never throws.
 */
export async function sendWebhook(
  url: string,
  secret: string,
  payload: unknown,
  settings: WebhookSettings,
): Promise<string> {
  const body = JSON.stringify(payload);
  let last = '';
  for (let attempt = 1; attempt <= settings.attempts; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, settings.retryDelayMs * 2 ** (attempt - 2)));
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signBody(body, secret),
          'user-agent': 'Tollgate-Alarms',
        },
        body,
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      await response.arrayBuffer();
      if (response.ok) return String(response.status);
      last = `HTTP ${response.status}`;
      if (response.status < 500 && response.status !== 429) break;
    } catch (err) {
      last = (err as Error).message;
    }
  }
  return `failed: ${last}`.slice(0, 120);
}
