import type { Viewer } from '../../viewer/index.js';
import type { CallsVersion } from './calls-version.js';
import { widgetAnswerKey, type WidgetData, type WidgetId } from './dashboard-widgets.js';

/**
 * Widget figures kept for people who see the same calls: the key is the
 * widget and what decides its answer (widgetAnswerKey: the calls the viewer
 * may see, time zone, language, masking), so supervisors of the same
 * departments and administrators share them. Everything is dropped when calls are stored (the calls version
 * changes) and each entry lives at most `ttlMs`, so "today" turns over at
 * midnight even when no call arrives.
 */
export interface WidgetCache {
  load(id: WidgetId, viewer: Viewer, loader: () => Promise<WidgetData>): Promise<WidgetData>;
}

export function createWidgetCache(deps: {
  version: CallsVersion;
  now: () => number;
  ttlMs?: number;
  capacity?: number;
}): WidgetCache {
  const ttlMs = deps.ttlMs ?? 60_000;
  const capacity = deps.capacity ?? 2_000;
  let version = deps.version.current();
  const entries = new Map<string, { at: number; data: Promise<WidgetData> }>();
  return {
    load(id, viewer, loader) {
      if (deps.version.current() !== version) {
        version = deps.version.current();
        entries.clear();
      }
      const key = widgetAnswerKey(id, viewer);
      const now = deps.now();
      const hit = entries.get(key);
      if (hit && now - hit.at < ttlMs) return hit.data;
      const data = loader();
      entries.set(key, { at: now, data });
      // A failed load is not kept.
      data.catch(() => entries.delete(key));
      if (entries.size > capacity) entries.delete(entries.keys().next().value!);
      return data;
    },
  };
}
