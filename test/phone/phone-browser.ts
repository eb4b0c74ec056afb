import type { Express } from 'express';
import { XMLParser } from 'fast-xml-parser';
import request from 'supertest';
import { expectValidPhoneXml } from './validate-phone-xml.js';

export interface PhoneScreenSeen {
  status: number;
  headers: Record<string, string>;
  charset: string;
  bytes: Buffer;
  kind: 'CiscoIPPhoneMenu' | 'CiscoIPPhoneInput' | 'CiscoIPPhoneText';
  title: string;
  prompt: string;
  text: string;
  items: Array<{ name: string; url: string }>;
  softKeys: Array<{ name: string; position: number; url: string }>;
  /** CiscoIPPhoneInput: where the entries go, and the fields. */
  url: string;
  fields: Array<{ label: string; param: string; flags: string }>;
  /** Every URL in the object (items, softkeys, input). */
  urls: string[];
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => ['MenuItem', 'SoftKeyItem', 'InputItem'].includes(name),
});
const asArray = <T>(v: T[] | undefined): T[] => v ?? [];

/**
 * Browses the phone service the way a phone does: GET a URL, require a 200
 * text/xml object that validates against CiscoIPPhone.xsd, follow its URLs,
 * and submit inputs by appending `param=value` to the input URL.
 */
export function createPhoneBrowser(app: Express, headers: Record<string, string> = {}) {
  async function get(url: string): Promise<PhoneScreenSeen> {
    const target = url.startsWith('http') ? new URL(url).pathname + new URL(url).search : url;
    const res = await request(app)
      .get(target)
      .set(headers)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    const bytes = res.body as Buffer;
    if (res.status !== 200) throw new Error(`GET ${target}: HTTP ${res.status}`);
    const contentType = String(res.headers['content-type'] ?? '');
    const charset = /charset=([^;]+)/i.exec(contentType)?.[1] ?? '';
    if (!/^text\/xml;/.test(contentType)) throw new Error(`GET ${target}: Content-Type ${contentType}`);
    if (res.headers['content-length'] !== String(bytes.length))
      throw new Error(`GET ${target}: Content-Length ${res.headers['content-length']} for ${bytes.length} bytes`);
    expectValidPhoneXml(bytes);
    const xml = bytes.toString(charset.toUpperCase() === 'ISO-8859-1' ? 'latin1' : 'utf8');
    const declared = /^<\?xml version="1.0" encoding="([^"]+)"\?>/.exec(xml)?.[1];
    if (declared !== charset) throw new Error(`GET ${target}: declaration says ${declared}, header says ${charset}`);
    const doc = parser.parse(xml) as Record<string, Record<string, unknown>>;
    const kind = Object.keys(doc).find((k) => k.startsWith('CiscoIPPhone')) as PhoneScreenSeen['kind'];
    const root = doc[kind] as Record<string, unknown>;
    const items = asArray(root.MenuItem as Array<{ Name: string; URL: string }>).map((i) => ({
      name: i.Name,
      url: i.URL,
    }));
    const softKeys = asArray(root.SoftKeyItem as Array<{ Name: string; Position: string; URL: string }>).map((k) => ({
      name: k.Name,
      position: Number(k.Position),
      url: k.URL,
    }));
    const fields = asArray(
      root.InputItem as Array<{ DisplayName: string; QueryStringParam: string; InputFlags: string }>,
    ).map((f) => ({
      label: f.DisplayName,
      param: f.QueryStringParam,
      flags: f.InputFlags,
    }));
    const inputUrl = typeof root.URL === 'string' ? root.URL : '';
    return {
      status: res.status,
      headers: res.headers as Record<string, string>,
      charset,
      bytes,
      kind,
      title: String(root.Title ?? ''),
      prompt: String(root.Prompt ?? ''),
      text: String(root.Text ?? ''),
      items,
      softKeys,
      url: inputUrl,
      fields,
      urls: [...items.map((i) => i.url), ...softKeys.map((k) => k.url), ...(inputUrl ? [inputUrl] : [])],
    };
  }

  return {
    get,
    /** Selects the menu item whose name matches. */
    async choose(screen: PhoneScreenSeen, name: string | RegExp): Promise<PhoneScreenSeen> {
      const item = screen.items.find((i) => (typeof name === 'string' ? i.name === name : name.test(i.name)));
      if (!item) throw new Error(`no menu item ${String(name)} in ${JSON.stringify(screen.items.map((i) => i.name))}`);
      return get(item.url);
    },
    /** Presses the softkey whose name matches (its URL must be an http URL). */
    async press(screen: PhoneScreenSeen, name: string): Promise<PhoneScreenSeen> {
      const key = screen.softKeys.find((k) => k.name === name);
      if (!key) throw new Error(`no softkey ${name} in ${JSON.stringify(screen.softKeys.map((k) => k.name))}`);
      return get(key.url);
    },
    /** Submits an input the way the phone does: its URL with each `param=value` appended. */
    async submit(screen: PhoneScreenSeen, values: Record<string, string>): Promise<PhoneScreenSeen> {
      if (screen.kind !== 'CiscoIPPhoneInput') throw new Error(`not an input screen: ${screen.kind}`);
      const query = screen.fields.map((f) => `${f.param}=${encodeURIComponent(values[f.param] ?? '')}`).join('&');
      return get(`${screen.url}${screen.url.includes('?') ? '&' : '?'}${query}`);
    },
  };
}
