import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { CurriClientGate } from './curri-client-gate.js';
import type { CurriService } from './curri-service.js';
import { createEndOfTurnWriter, type EndOfTurnWriter } from './end-of-turn-writer.js';

/** Handles the request and returns true when it is a CURRI path; returns false (untouched) otherwise. */
export type CurriHttpHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface CurriHttpHandlerDeps {
  service: CurriService;
  maxBodyBytes: number;
  deadlineMs: number;
  log: Logger;
  /** Who may be served (plain HTTP: curri.plainHttp, curri.allowedClients); absent = everyone. */
  clients?: CurriClientGate | null;
}

const xmlType = 'text/xml; charset=utf-8';

/**
 * The CURRI HTTP edge on plain node:http (docs/reference/curri.md §3.1, §4.1, §5):
 * - `POST /curri[/<context>]`: the XACML decision, always 200 with a body, so
 *   that CUCM sees our decision (or our failure decision) rather than an HTTP error;
 * - `HEAD /curri[/<context>]`: CUCM's keepalive, 200 at once (404 for an unknown
 *   context, so a mistyped ECC profile URL shows the PDP out of service);
 * - anything else on those paths: 405;
 * - a client the gate refuses (curri.plainHttp, curri.allowedClients): 403.
 * The body is capped, and a deadline timer answers the failure decision when
 * the body does not arrive in time. Answers leave at the end of the event-loop
 * turn (end-of-turn-writer.ts). Kept off Express: this path answers every
 * call attempt, and Express would more than halve its throughput.
 */
export function createCurriHttpHandler(deps: CurriHttpHandlerDeps): CurriHttpHandler {
  const { service } = deps;
  const edge: EdgeDeps = { ...deps, writer: createEndOfTurnWriter({ log: deps.log }) };
  return (req, res) => {
    const url = req.url ?? '';
    if (!url.startsWith('/curri')) return false;
    const context = contextOfPath(url);
    if (context === null) return false;
    const contextName = context === '' ? undefined : context;
    if (deps.clients && !deps.clients.admits(req)) {
      req.resume();
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' });
      res.end('CURRI is not served to this address on this port\n');
      return true;
    }
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
    // A body announced larger than the cap is still read up to the cap: an emergency call is salvaged from it.
    const pending = new PendingRequest(edge, res, contextName, declaredLength(req) > edge.maxBodyBytes);
    // A body parser earlier in the chain (when mounted behind Express middleware) may have read it already.
    const preRead = (req as IncomingMessage & { body?: unknown }).body;
    if (Buffer.isBuffer(preRead) || typeof preRead === 'string') {
      pending.receive(Buffer.from(preRead));
      pending.complete();
      return true;
    }
    (req as RequestWithPending)[pendingKey] = pending;
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    return true;
  };
}

type EdgeDeps = CurriHttpHandlerDeps & { writer: EndOfTurnWriter };

const pendingKey = Symbol('curri request');
type RequestWithPending = IncomingMessage & { [pendingKey]?: PendingRequest };

// Listeners shared by every request (the request is `this`): nothing is allocated per request for them.
function onData(this: RequestWithPending, chunk: Buffer): void {
  this[pendingKey]?.receive(chunk);
}
function onEnd(this: RequestWithPending): void {
  this[pendingKey]?.complete();
}
function onError(this: RequestWithPending): void {
  // The client went away: nobody to answer.
  this[pendingKey]?.abandon();
}
function onDeadline(pending: PendingRequest): void {
  pending.deadline();
}

/**
 * One POST in flight: its body so far, its deadline timer, and whether it was
 * answered. A body over the cap is kept up to the cap, for the failure path to
 * salvage the called numbers from (an emergency call is permitted regardless).
 */
class PendingRequest {
  private readonly startedAt = performance.now();
  private readonly timer: NodeJS.Timeout;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private answered = false;

  constructor(
    private readonly deps: EdgeDeps,
    private readonly res: ServerResponse,
    private readonly contextName: string | undefined,
    /** Content-Length announced more than the cap. */
    private readonly oversize: boolean,
  ) {
    this.timer = setTimeout(onDeadline, deps.deadlineMs, this);
  }

  receive(chunk: Buffer): void {
    if (this.answered) return;
    const room = this.deps.maxBodyBytes - this.size;
    this.size += chunk.length;
    if (this.size <= this.deps.maxBodyBytes) {
      this.chunks.push(chunk);
      return;
    }
    if (room > 0) this.chunks.push(chunk.subarray(0, room));
    this.tooLarge();
  }

  /** The whole body arrived. */
  complete(): void {
    if (this.answered) return;
    if (this.oversize) {
      this.tooLarge();
      return;
    }
    const whole = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    this.send(this.deps.service.answer(whole, this.contextName, this.startedAt), false);
  }

  tooLarge(): void {
    this.send(this.deps.service.fail('body-too-large', this.partial(), this.contextName, this.startedAt), true);
  }

  deadline(): void {
    if (this.answered) return;
    if (this.oversize) this.tooLarge();
    else this.send(this.deps.service.fail('deadline-exceeded', this.partial(), this.contextName, this.startedAt), true);
  }

  abandon(): void {
    this.answered = true;
    clearTimeout(this.timer);
  }

  private partial(): Buffer | null {
    return this.chunks.length === 0 ? null : Buffer.concat(this.chunks);
  }

  private send(xml: string, close: boolean): void {
    if (this.answered) return;
    this.answered = true;
    clearTimeout(this.timer);
    this.deps.writer.send(this.res, xml, close);
  }
}

/** The Content-Length header, read from the raw headers (reading req.headers builds an object of them all). */
function declaredLength(req: IncomingMessage): number {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    if (name.length === 14 && name.toLowerCase() === 'content-length') return Number(raw[i + 1]);
  }
  return Number.NaN;
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
