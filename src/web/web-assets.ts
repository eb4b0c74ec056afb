import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestHandler } from 'express';
import type { AssetUrls } from './page-context.js';

interface Asset {
  url: string;
  type: string;
  body: Buffer;
}

/** Our CSS and JS live in src/web/assets (shipped with the package); the build's dist/ finds them there too. */
function assetsDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, 'assets'), join(here, '../../../src/web/assets')];
  const found = candidates.find((dir) => existsSync(join(dir, 'tollgate.css')));
  if (!found) throw new Error(`web assets not found (looked in ${candidates.join(', ')})`);
  return found;
}

function hashed(name: string, ext: string, type: string, body: Buffer): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { url: `/assets/${name}.${hash}.${ext}`, type, body };
}

export interface WebAssets {
  urls: AssetUrls;
  handler: RequestHandler;
}

/**
 * The portal's assets, read once, served under content-hashed names with a
 * year's immutable caching (a new release has new names). htmx comes from
 * its npm package, resolved at run time: no CDN.
 */
export function loadWebAssets(): WebAssets {
  const dir = assetsDir();
  const htmxPath = createRequire(import.meta.url).resolve('htmx.org/dist/htmx.min.js');
  const css = hashed('tollgate', 'css', 'text/css; charset=utf-8', readFileSync(join(dir, 'tollgate.css')));
  const js = hashed('tollgate', 'js', 'text/javascript; charset=utf-8', readFileSync(join(dir, 'tollgate.js')));
  const htmx = hashed('htmx', 'js', 'text/javascript; charset=utf-8', readFileSync(htmxPath));
  const byUrl = new Map([css, js, htmx].map((a) => [a.url, a]));
  return {
    urls: { css: css.url, js: js.url, htmx: htmx.url },
    handler: (req, res, next) => {
      const asset = byUrl.get(req.path);
      if (!asset) return next();
      res.setHeader('Content-Type', asset.type);
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.send(asset.body);
    },
  };
}
