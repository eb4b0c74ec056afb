import { Writable } from 'node:stream';
import { inflateSync } from 'node:zlib';

/** A Writable that keeps what it is given. */
export function collect(): Writable & { bytes(): Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      cb();
    },
  });
  return Object.assign(out, { bytes: () => Buffer.concat(chunks) });
}

/**
 * The text pdfkit drew with its built-in fonts, one string per text object
 * (a cell, a line), read from the FlateDecode content streams: pdfkit writes
 * WinAnsi bytes as hex strings in TJ arrays.
 */
export function pdfText(pdf: Buffer): string[] {
  const texts: string[] = [];
  const source = pdf.toString('latin1');
  const streamPattern = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = streamPattern.exec(source))) {
    const start = match.index + match[0].length;
    const end = source.indexOf('endstream', start);
    if (end < 0) break;
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
      const hex = [...block[1]!.matchAll(/<([0-9a-fA-F]*)>/g)]
        .map((m) => Buffer.from(m[1]!, 'hex').toString('latin1'))
        .join('');
      if (hex) texts.push(hex);
    }
    streamPattern.lastIndex = end;
  }
  return texts;
}

/** How many pages a PDF has: its page objects (`/Type /Page`, not the `/Pages` tree). */
export function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}
