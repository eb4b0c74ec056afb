import type { Request } from 'express';
import type { PageContext } from '../page-context.js';

/** What every route file needs: the page context of a request. */
export interface WebPageDeps {
  context(req: Request): PageContext;
}
