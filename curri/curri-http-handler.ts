import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { CurriService } from './curri-service.js';

/** Handles the request and returns true when it is a CURRI path; returns false (untouched) otherwise. */
export type CurriHttpHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface CurriHttpHandlerDeps {
  service: CurriService;
  maxBodyBytes: number;
  deadlineMs: number;
}

const xmlType = 'text/xml; charset=utf-8';

/**
 * The CURRI HTTP edge on plain node:http (curri.md §3.1, §4.1, §5):
 * - `POST /curri[/<context>]`: the XACML decision, always 200 with a body, so
 *   that CUCM sees our decision (or our failure decision) rather than an HTTP error;
 * - `HEAD /curri[/<context>]`: CUCM's keepalive, 200 at once (404 for an unknown
 *   context, so a mistyped ECC profile URL shows the PDP out of service);
 * - anything else on those paths: 405.
 * The body is capped, and a deadline timer answers the failure decision when
 * the body does not arrive in time. Kept off Express: this path answers every
 * call attempt, and Express would more than halve its throughput.
 */
export function createCurriHttpHandler(deps: CurriHttpHandlerDeps): CurriHttpHandler {
  const { service } = deps;
  return (req, res) => {
    const url = req.url ?? '';
    if (!url.startsWith('/curri')) return false;
    const context = contextOfPath(url);
    if (context === null) return false;
    const contextName = context === '' ? undefined : context;
    if (req.method === 'HEAD') {
      res.writeHead(service.hasContext(contextName) ? 200 : 404, { 'Content-Type': xmlType, 'Content-Length': 0 });
      res.end();
      return true;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('CURRI answers POST (routing requests) and HEAD (keepalive)\n');
      return true;
    }
    const startedAt = performance.now();
    let answered = false;
    const chunks: Buffer[] = [];
    let size = 0;

    const send = (xml: string, close: boolean) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      const headers: Record<string, string | number> = { 'Content-Type': xmlType, 'Content-Length': Buffer.byteLength(xml) };
      if (close) headers.Connection = 'close';
      res.writeHead(200, headers);
      res.end(xml);
    };
    const partial = () => (chunks.length === 0 ? null : Buffer.concat(chunks));
    const timer = setTimeout(() => send(service.fail('deadline-exceeded', partial(), contextName, startedAt), true), deps.deadlineMs);

    // A body parser earlier in the chain (when mounted behind Express middleware) may have read it already.
    const preRead = (req as IncomingMessage & { body?: unknown }).body;
    if (Buffer.isBuffer(preRead) || typeof preRead === 'string') {
      send(service.answer(Buffer.from(preRead), contextName, startedAt), false);
      return true;
    }
    const declared = Number(req.headers['content-length']);
    if (declared > deps.maxBodyBytes) {
      req.resume();
      send(service.fail('body-too-large', null, contextName, startedAt), true);
      return true;
    }
    req.on('data', (chunk: Buffer) => {
      if (answered) return;
      size += chunk.length;
      if (size > deps.maxBodyBytes) {
        send(service.fail('body-too-large', partial(), contextName, startedAt), true);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (answered) return;
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      send(service.answer(body, contextName, startedAt), false);
    });
    req.on('error', () => {
      // The client went away: nobody to answer.
      answered = true;
      clearTimeout(timer);
    });
    return true;
  };
}

/** '' for /curri, the context for /curri/<context>, null for any other path (e.g. /curriculum). */
function contextOfPath(url: string): string | null {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (path === '/curri' || path === '/curri/') return '';
  if (!path.startsWith('/curri/')) return null;
  let context = path.slice('/curri/'.length);
  if (context.endsWith('/')) context = context.slice(0, -1);
  if (context === '' || context.includes('/')) return null;
  try {
    return decodeURIComponent(context);
  } catch {
    return null;
  }
}
