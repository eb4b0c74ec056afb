import { readFileSync } from 'node:fs';
import { Agent, request, type RequestOptions } from 'node:https';
import { connect, type TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { AxlUnavailableError } from './axl-errors.js';

export interface AxlTlsSettings {
  /**
   * SHA-256 fingerprint of CUCM's certificate, hex with or without colons; '' = verify against caFile or the system
   * CAs.
   */
  certificateSha256: string;
  caFile: string;
}

export interface AxlHttpAnswer {
  status: number;
  /** The answer's bytes (parsed as they are: see parseAxlXml). */
  body: Buffer;
}

/**
 * An HTTPS agent for the AXL endpoint (kept-alive connections). A pinned certificate is checked
 * on every new connection before the request is written: the chain is not verified (CUCM's Tomcat
 * certificate is usually self-signed), the fingerprint must match. Otherwise the chain is verified
 * against the CA file (or the system CAs) with the host name.
 */
export function createAxlAgent(settings: AxlTlsSettings): Agent {
  const pin = settings.certificateSha256.replace(/:/g, '').toUpperCase();
  if (!pin) {
    return new Agent({
      keepAlive: true,
      maxSockets: 8,
      rejectUnauthorized: true,
      ...(settings.caFile ? { ca: readFileSync(settings.caFile) } : {}),
    });
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  // Agent#createConnection may answer through its callback (node's _http_agent createSocket), so the socket is
  // handed over only once checked.
  (agent as unknown as { createConnection: unknown }).createConnection = (
    options: RequestOptions & { servername?: string },
    done: (err: Error | null, socket?: Duplex) => void,
  ) => {
    const socket: TLSSocket = connect({
      host: options.host ?? undefined,
      port: Number(options.port),
      servername: options.servername,
      rejectUnauthorized: false,
    });
    socket.once('error', (err) => done(err));
    socket.once('secureConnect', () => {
      const offered = socket.getPeerCertificate().fingerprint256?.replace(/:/g, '').toUpperCase() ?? '';
      if (offered === pin) {
        done(null, socket);
        return;
      }
      socket.destroy();
      done(
        new AxlUnavailableError("the server's certificate does not match directorySync.axl.certificateSha256", {
          offered: colonHex(offered),
        }),
      );
    });
    return undefined;
  };
  return agent;
}

function colonHex(hex: string): string {
  return hex.match(/../g)?.join(':') ?? hex;
}

/** One POST; resolves with any HTTP status (the caller reads faults and throttling from it). */
export function postAxl(
  url: URL,
  agent: Agent,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<AxlHttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
