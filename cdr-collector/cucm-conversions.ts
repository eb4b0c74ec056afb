/**
 * CUCM stores IPv4 addresses in `origIpAddr`/`destIpAddr` as a signed 32-bit
 * integer whose lowest byte is the first octet (CDR Field Descriptions):
 * -1139562304 = 0xBC13A8C0 → C0 A8 13 BC → 192.168.19.188. 0 means none.
 */
export function signedIntToIpv4(value: number): string {
  if (!Number.isInteger(value) || value === 0 || value < -2147483648 || value > 4294967295) return '';
  const u = value >>> 0;
  return `${u & 0xff}.${(u >>> 8) & 0xff}.${(u >>> 16) & 0xff}.${u >>> 24}`;
}

/**
 * `signedIntToIpv4` through a direct-mapped cache of its answers: a device's address comes back on each of its
 * records, and the text costs four number-to-string conversions and a concatenation. Bounded (`slots` strings).
 */
export function createIpv4TextCache(slots = 1024): (value: number) => string {
  const size = 2 ** Math.ceil(Math.log2(Math.max(2, slots)));
  const keys = new Float64Array(size);
  const texts = new Array<string>(size).fill('');
  return (value) => {
    if (value === 0) return '';
    const slot = (Math.imul(value | 0, 0x9e3779b1) >>> 16) & (size - 1);
    // A slot's key is 0 until it holds a text, and 0 never gets this far.
    if (keys[slot] === value) return texts[slot] as string;
    const text = signedIntToIpv4(value);
    keys[slot] = value;
    texts[slot] = text;
    return text;
  };
}

/**
 * Whether a text address names no host: empty, `0.0.0.0`, `::` (any spelling
 * of the all-zero IPv6 address) or `::ffff:0.0.0.0`.
 */
export function isUnspecifiedAddress(text: string): boolean {
  if (text === '') return true;
  const first = text.charCodeAt(0);
  // Most addresses start with another digit or letter: no regex for them.
  if (first !== 48 && first !== 58) return false;
  return /^[0:.]*$/.test(text) || /^::ffff:0+\.0+\.0+\.0+$/i.test(text);
}

export interface VoiceQualityMetrics {
  /** MOS listening quality (MLQK), average over the call when CUCM gives it. */
  mosAverage: number | null;
  mosMin: number | null;
  mosMax: number | null;
  /** Concealment ratio over the whole call. */
  concealmentRatio: number | null;
}

/**
 * Reads `varVQMetrics` ("MLQK=4.0000;MLQKav=4.0000;MLQKmn=3.9;MLQKmx=4.1;CCR=0.0000;…").
 * A MOS of 0 means the phone did not measure it, not a dreadful call.
 */
export function parseVqMetrics(text: string): VoiceQualityMetrics {
  const values = new Map<string, number>();
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const n = Number(part.slice(eq + 1).trim());
    if (Number.isFinite(n)) values.set(part.slice(0, eq).trim().toUpperCase(), n);
  }
  const mos = (key: string) => {
    const v = values.get(key);
    return v !== undefined && v > 0 && v <= 5 ? v : null;
  };
  const ccr = values.get('CCR');
  return {
    mosAverage: mos('MLQKAV') ?? mos('MLQK'),
    mosMin: mos('MLQKMN'),
    mosMax: mos('MLQKMX'),
    concealmentRatio: ccr !== undefined && ccr >= 0 ? ccr : null,
  };
}

export interface CucmFileName {
  kind: 'cdr' | 'cmr';
  clusterId: string;
  nodeId: string;
  /** The file's UTC minute, from `yyyymmddhhmm`. */
  at: Date;
  sequence: number;
}

const FILE_NAME = /^(cdr|cmr)_(.+)_([0-9]+)_([0-9]{12})_([0-9]+)$/i;

/**
 * Parses `tag_clusterId_nodeId_datetime_seqNumber` (CDR Administration Guide,
 * "Filename Format"), e.g. `cdr_StandAloneCluster_01_202611221658_123`. The
 * cluster id may itself contain underscores; null for any other name.
 */
export function parseCucmFileName(name: string): CucmFileName | null {
  const m = FILE_NAME.exec(name);
  if (!m) return null;
  const [, tag, clusterId, nodeId, stamp, seq] = m as unknown as [string, string, string, string, string, string];
  const at = new Date(
    Date.UTC(
      Number(stamp.slice(0, 4)),
      Number(stamp.slice(4, 6)) - 1,
      Number(stamp.slice(6, 8)),
      Number(stamp.slice(8, 10)),
      Number(stamp.slice(10, 12)),
    ),
  );
  if (Number.isNaN(at.getTime())) return null;
  return { kind: tag.toLowerCase() as 'cdr' | 'cmr', clusterId, nodeId, at, sequence: Number(seq) };
}
