import { setTimeout as sleep } from 'node:timers/promises';
import { create } from 'xmlbuilder2';
import type { AxlVersion } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { createAxlAgent, postAxl, type AxlTlsSettings } from './axl-connection.js';
import { AxlFaultError, AxlUnavailableError } from './axl-errors.js';
import { asList, parseAxlXml, type XmlObject, type XmlValue } from './parse-axl-xml.js';

export interface AxlClientSettings extends AxlTlsSettings {
  url: string;
  version: AxlVersion;
  username: string;
  password: string;
  pageSize: number;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
}

/** XML content as xmlbuilder2 converts objects: keys are element names in schema order, '' an empty element. */
export type AxlContent = Record<string, unknown>;

export interface AxlClient {
  /** One operation; the `return` element of the answer as plain objects (every value text). */
  call(operation: string, content: AxlContent): Promise<XmlObject>;
  /**
   * Every row of a list operation, page by page with skip/first; `item` names the rows' element.
   * Each page is handed to `onPage` as it arrives and dropped: only what the caller keeps of it stays.
   */
  list(
    operation: string,
    item: string,
    content: { searchCriteria: AxlContent; returnedTags: AxlContent },
    onPage: (rows: XmlValue[]) => void,
  ): Promise<void>;
  close(): void;
}

const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const MAX_DELAY_MS = 120_000;
const child = (value: XmlValue | undefined, name: string): XmlValue | undefined =>
  typeof value === 'object' && !Array.isArray(value) ? value[name] : undefined;

/**
 * A client of CUCM's AXL SOAP API (Cisco AXL Developer Guide): requests in the namespace of the
 * configured schema version with `SOAPAction: "CUCM:DB ver=<version> <operation>"`, HTTP Basic
 * credentials of an application user. Throttling (HTTP 503, or a fault saying AXL is busy or out
 * of memory) is retried after a doubling delay; a list that AXL refuses as too large is asked
 * again with the smaller page it suggests.
 */
export function createAxlClient(settings: AxlClientSettings, log: Logger): AxlClient {
  const url = new URL(settings.url);
  const agent = createAxlAgent(settings);
  const namespace = `http://www.cisco.com/AXL/API/${settings.version}`;
  const authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;

  async function call(operation: string, content: AxlContent): Promise<XmlObject> {
    const body = create({ version: '1.0', encoding: 'UTF-8' })
      .ele({
        'soapenv:Envelope': {
          '@xmlns:soapenv': SOAP_ENV,
          '@xmlns:ns': namespace,
          'soapenv:Body': { [`ns:${operation}`]: content },
        },
      })
      .end();
    const headers = {
      'content-type': 'text/xml; charset=utf-8',
      soapaction: `"CUCM:DB ver=${settings.version} ${operation}"`,
      authorization,
    };
    let delay = settings.retryDelayMs;
    for (let attempt = 0; ; attempt++) {
      let status: number;
      let text: Buffer;
      try {
        ({ status, body: text } = await postAxl(url, agent, headers, body, settings.timeoutMs));
      } catch (err) {
        if (err instanceof AxlUnavailableError) throw err;
        if (attempt >= settings.retries) throw new AxlUnavailableError(`${operation}: ${(err as Error).message}`);
        log.warn({ operation, err: (err as Error).message, retryInMs: delay }, 'AXL request failed, retrying');
        await sleep(delay);
        delay = Math.min(delay * 2, MAX_DELAY_MS);
        continue;
      }
      if (status === 401 || status === 403)
        throw new AxlUnavailableError(
          `${operation}: credentials refused (HTTP ${status}); check the application user and its roles`,
        );
      const fault = status === 200 ? null : readFault(text);
      const throttled =
        status === 503 || (fault !== null && /throttl|busy|maximum axl memory|too many/i.test(fault.message));
      if (throttled) {
        if (attempt >= settings.retries)
          throw new AxlUnavailableError(`${operation}: still throttled after ${settings.retries} retries`);
        log.warn({ operation, status, retryInMs: delay }, 'AXL is throttling, backing off');
        await sleep(delay);
        delay = Math.min(delay * 2, MAX_DELAY_MS);
        continue;
      }
      if (fault) throw new AxlFaultError(operation, fault.message, fault.code);
      if (status !== 200) throw new AxlUnavailableError(`${operation}: HTTP ${status}`);
      let answer: XmlValue | undefined;
      try {
        answer = child(child(parseAxlXml(text).Envelope, 'Body'), `${operation}Response`);
      } catch (err) {
        throw new AxlUnavailableError(`${operation}: the answer is not XML (${(err as Error).message})`);
      }
      if (answer === undefined) throw new AxlUnavailableError(`${operation}: the answer has no ${operation}Response`);
      const result = child(answer, 'return');
      return typeof result === 'object' && !Array.isArray(result) ? result : {};
    }
  }

  return {
    call,
    async list(operation, item, content, onPage) {
      let first = settings.pageSize;
      for (let skip = 0; ;) {
        let answer: XmlObject;
        try {
          answer = await call(operation, { ...content, skip, first });
        } catch (err) {
          const suggested = err instanceof AxlFaultError ? /less than (\d+) rows/i.exec(err.fault) : null;
          if (!suggested || Number(suggested[1]) <= 1 || Number(suggested[1]) - 1 >= first) throw err;
          first = Number(suggested[1]) - 1;
          log.warn({ operation, first }, 'AXL refused the page as too large, asking for smaller pages');
          continue;
        }
        const page = asList(answer[item]);
        onPage(page);
        if (page.length < first) return;
        skip += page.length;
      }
    },
    close: () => agent.destroy(),
  };
}

function readFault(body: Buffer): { message: string; code: string | null } | null {
  let fault: XmlValue | undefined;
  try {
    fault = child(child(parseAxlXml(body).Envelope, 'Body'), 'Fault');
  } catch {
    return null;
  }
  if (fault === undefined) return null;
  const axlError = child(child(fault, 'detail'), 'axlError');
  const text = (v: XmlValue | undefined) => (typeof v === 'string' ? v : undefined);
  return {
    message: text(child(axlError, 'axlmessage')) ?? text(child(fault, 'faultstring')) ?? 'SOAP fault',
    code: text(child(axlError, 'axlcode')) ?? null,
  };
}
