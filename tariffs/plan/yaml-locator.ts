import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export type PathKey = string | number;

/** A YAML file read with every scalar kept as its text, and the lines of its nodes. */
export interface LocatedYaml {
  value: unknown;
  /** Line of the value at `path`, or of its nearest existing ancestor. */
  lineOf(path: readonly PathKey[]): number;
  /** Line of the key `key` in the mapping at `path` (for "unknown column" problems). */
  lineOfKey(path: readonly PathKey[], key: string): number;
  /** YAML syntax errors, with their lines. */
  errors: Array<{ line: number; message: string }>;
}

/**
 * Parses with the failsafe schema: every scalar stays a string, so "0.10"
 * keeps its decimals exactly and "08:00" is not read as a sexagesimal number.
 */
export function parseLocatedYaml(text: string): LocatedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const lineAt = (offset: number | undefined): number => (offset === undefined ? 0 : lines.linePos(offset).line);
  const errors = doc.errors.map((e) => ({ line: lineAt(e.pos[0]), message: firstLine(e.message) }));
  return {
    value: errors.length > 0 ? undefined : doc.toJS(),
    errors,
    lineOf: (path) => lineAt(nodeAt(doc, path)?.range?.[0]),
    lineOfKey: (path, key) => {
      const node = nodeAt(doc, path);
      if (isMap(node)) {
        for (const pair of node.items) {
          if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return lineAt(pair.key.range?.[0]);
        }
      }
      return lineAt(node?.range?.[0]);
    },
  };
}

function nodeAt(doc: Document, path: readonly PathKey[]): Node | undefined {
  let node: unknown = doc.contents;
  let last: Node | undefined = (doc.contents as Node | null) ?? undefined;
  for (const key of path) {
    if (isMap(node)) node = node.get(key, true);
    else if (isSeq(node) && typeof key === 'number') node = node.get(key, true);
    else break;
    if (node === undefined || node === null) break;
    last = node as Node;
  }
  return last;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}
