import type { Response } from 'express';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Sends a page: server-rendered HTML (escaped by preact), never cached (it shows one person's data). */
export function sendPage(res: Response, page: VNode, status = 200): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.send(`<!doctype html>${renderToString(page)}`);
}

/** Sends part of a page (an htmx swap): the same escaping, no doctype, never cached. */
export function sendFragment(res: Response, fragment: VNode): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.send(renderToString(fragment));
}
