/** The decoded text/plain and text/html parts of a multipart/alternative message (as nodemailer writes it). */
export function mailParts(raw: string): { text: string; html: string } {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (!boundary) throw new Error('not a multipart message');
  const out = { text: '', html: '' };
  for (const part of raw.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split).toLowerCase();
    const body = part.slice(split + 4).replace(/\r\n$/, '');
    let bytes: Buffer;
    if (head.includes('content-transfer-encoding: base64')) bytes = Buffer.from(body, 'base64');
    else if (head.includes('content-transfer-encoding: quoted-printable')) {
      const joined = body.replace(/=\r\n/g, '');
      bytes = Buffer.from(joined.replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    } else bytes = Buffer.from(body, 'latin1');
    const text = bytes.toString('utf8').replace(/\r\n/g, '\n');
    if (head.includes('content-type: text/plain')) out.text = text;
    if (head.includes('content-type: text/html')) out.html = text;
  }
  return out;
}
