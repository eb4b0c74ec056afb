import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createEndOfTurnWriter } from './end-of-turn-writer.js';

let server: Server | null = null;
// Keep-alive, as CUCM: the answer's Connection header then tells keep-alive from close.
const agent = new Agent({ keepAlive: true });
afterEach(async () => {
  agent.destroy();
  const s = server;
  server = null;
  if (s) await new Promise((resolve) => s.close(resolve));
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<number> {
  server = createServer(handler);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** One POST; resolves with the status and body, or with the error when the connection is closed. */
function post(
  port: number,
  path: string,
): Promise<{ status: number; body: string; connection: string | undefined } | Error> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', agent }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
      // Closed mid-answer (first resolve wins).
      res.on('close', () => resolve(new Error(`connection closed after ${body.length} bytes of the body`)));
    });
    req.on('error', resolve);
    req.end('<Request/>');
  });
}

function capturingLogger() {
  const lines: Array<{ msg: string }> = [];
  const log = pino(
    { level: 'info' },
    { write: (line: string) => void lines.push(JSON.parse(line) as { msg: string }) },
  );
  return { log, lines };
}

describe('CURRI answers written at the end of the event-loop turn', () => {
  it('queues answers within the turn and writes them, in order, once it ends', async () => {
    const writer = createEndOfTurnWriter(capturingLogger());
    const observed: Array<{ sentAtOnce: boolean; queued: number }> = [];
    const port = await serve((req, res) => {
      req.resume();
      req.on('end', () => {
        writer.send(res, `<Response>${req.url}</Response>`, req.url === '/last');
        observed.push({ sentAtOnce: res.headersSent, queued: writer.queued });
      });
    });
    const answers = await Promise.all(['/a', '/b', '/last'].map((path) => post(port, path)));
    expect(answers).toEqual([
      { status: 200, body: '<Response>/a</Response>', connection: 'keep-alive' },
      { status: 200, body: '<Response>/b</Response>', connection: 'keep-alive' },
      { status: 200, body: '<Response>/last</Response>', connection: 'close' },
    ]);
    expect(observed.every((o) => !o.sentAtOnce && o.queued >= 1)).toBe(true);
    expect(writer.queued).toBe(0);
  });

  it('skips an answer whose client went away within the turn, and keeps serving', async () => {
    const writer = createEndOfTurnWriter(capturingLogger());
    const port = await serve((req, res) => {
      req.resume();
      req.on('end', () => {
        writer.send(res, '<Response/>', false);
        if (req.url === '/gone') req.socket.destroy();
      });
    });
    expect(await post(port, '/gone')).toBeInstanceOf(Error);
    expect(await post(port, '/next')).toEqual({ status: 200, body: '<Response/>', connection: 'keep-alive' });
  });

  it('closes the connection of an answer that cannot be written, and still writes the rest of the turn', async () => {
    const { log, lines } = capturingLogger();
    const writer = createEndOfTurnWriter({ log });
    let held: ServerResponse | null = null;
    const port = await serve((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url === '/broken') {
          // Its headers are already out: writing the answer's headers throws.
          res.flushHeaders();
          held = res;
          return;
        }
        writer.send(held as ServerResponse, '<Response>broken</Response>', false);
        writer.send(res, '<Response>fine</Response>', false);
      });
    });
    const broken = post(port, '/broken');
    await expect.poll(() => held !== null).toBe(true);
    expect(await post(port, '/fine')).toEqual({
      status: 200,
      body: '<Response>fine</Response>',
      connection: 'keep-alive',
    });
    const outcome = await broken;
    expect(outcome).toBeInstanceOf(Error);
    expect(lines.map((l) => l.msg)).toContain('CURRI: could not write an answer; closing its connection');
  });
});
