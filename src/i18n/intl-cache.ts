const made = new Map<string, unknown>();
const LIMIT = 1000;

/**
 * One Intl formatter per key, made once: making one (locale data, zone rules) costs far more than formatting with
 * it, and a mail or a page formats hundreds of dates and amounts with the same few. Keys are languages, zones,
 * currencies and styles, a small set; past a thousand the cache starts over rather than grow.
 */
export function cachedFormat<T>(key: string, make: () => T): T {
  let format = made.get(key) as T | undefined;
  if (format === undefined) {
    if (made.size >= LIMIT) made.clear();
    format = make();
    made.set(key, format);
  }
  return format;
}
