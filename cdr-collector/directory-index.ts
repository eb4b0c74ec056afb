import type { DirectorySnapshot } from '../src/directory/index.js';
import { detach } from '../tariffs/index.js';

/** A directory line as the classifier needs it: who pays for or receives its calls. */
export interface OwnerLine {
  lineId: number;
  extension: string;
  partition: string;
  site: string | null;
  userId: number | null;
  departmentId: number | null;
  costCentreId: number | null;
}

/** The line a call belongs to; `line` is null (and `known` false) when the directory lacks it. */
export interface CallOwner {
  extension: string;
  partition: string;
  known: boolean;
  line: OwnerLine | null;
}

/** A CUCM gateway or trunk: whether calls through it reach the PSTN, and whose tariffs apply. */
export interface GatewayInfo {
  deviceName: string;
  carrier: string | null;
  site: string | null;
  pstn: boolean;
}

/** Constant-time lookups the classifier runs per record, built once per directory change. */
export interface DirectoryIndex {
  /** The line with this extension in this partition. */
  line(extension: string, partition: string): OwnerLine | undefined;
  /** Every partition's line with this extension. */
  linesWithExtension(extension: string): readonly OwnerLine[];
  /** The known owner of the line with this extension in this partition (one object per line, shared by its calls). */
  owner(extension: string, partition: string): CallOwner | undefined;
  /** The known owner of the one line with this extension, when exactly one partition has it. */
  soleOwner(extension: string): CallOwner | undefined;
  /** A gateway or trunk by CUCM device name: from the directory, else from the configured name patterns (PSTN). */
  gateway(deviceName: string): GatewayInfo | undefined;
}

export interface DirectoryIndexOptions {
  /** Regular expressions for device names that are PSTN gateways/trunks though the directory does not list them. */
  pstnDevicePatterns: string[];
}

/** Indexes a directory snapshot for the classifier. */
export function createDirectoryIndex(
  snapshot: Pick<DirectorySnapshot, 'lines' | 'gateways'>,
  options: DirectoryIndexOptions,
): DirectoryIndex {
  // partition → extension → owner: two lookups, no key string built per record.
  const byPartition = new Map<string, Map<string, CallOwner>>();
  const byExtension = new Map<string, OwnerLine[]>();
  for (const line of snapshot.lines) {
    const owner: OwnerLine = {
      lineId: line.id,
      extension: line.extension,
      partition: line.partition,
      site: line.site,
      userId: line.userId,
      departmentId: line.user?.departmentId ?? null,
      costCentreId: line.user?.costCentreId ?? null,
    };
    let inPartition = byPartition.get(line.partition);
    if (!inPartition) byPartition.set(line.partition, (inPartition = new Map()));
    inPartition.set(
      line.extension,
      Object.freeze({ extension: line.extension, partition: line.partition, known: true, line: owner }),
    );
    const list = byExtension.get(line.extension);
    if (list) list.push(owner);
    else byExtension.set(line.extension, [owner]);
  }
  const soleOwners = new Map<string, CallOwner>();
  for (const [extension, lines] of byExtension) {
    const only = lines.length === 1 ? byPartition.get(lines[0]!.partition)?.get(extension) : undefined;
    if (only) soleOwners.set(extension, only);
  }
  const gateways = new Map<string, GatewayInfo>();
  // Lengths of the listed gateways' (upper-case) names: without name patterns, a device name of another length
  // is a phone, answered without a hash or a map probe (phones are most devices on most records).
  const gatewayLengths = new Uint8Array(257);
  for (const g of snapshot.gateways) {
    const key = g.deviceName.toUpperCase();
    gateways.set(key, { deviceName: g.deviceName, carrier: g.carrier, site: g.site, pstn: g.pstn });
    gatewayLengths[Math.min(key.length, 256)] = 1;
  }
  const patterns = options.pstnDevicePatterns.map((p) => new RegExp(p, 'i'));
  const namesOnly = patterns.length === 0;
  // Device names repeat on every record: remember each name's verdict (bounded; phones and gateways are finitely many).
  const verdicts = new Map<string, GatewayInfo | null>();
  const none: readonly OwnerLine[] = [];
  // A record asks for its two devices several times (continuation check, classification, unknown extension): the
  // last two answers are kept, so those repeats cost a string comparison, not a hash and a map probe.
  let lastName = '';
  let lastVerdict: GatewayInfo | null = null;
  let otherName = '';
  let otherVerdict: GatewayInfo | null = null;
  // Records of one file name few partitions: the last one asked saves its hash and probe.
  let lastPartition = '';
  let lastLines: Map<string, CallOwner> | undefined = byPartition.get('');

  const ownerIn = (extension: string, partition: string): CallOwner | undefined => {
    if (partition !== lastPartition) {
      lastLines = byPartition.get(partition);
      lastPartition = partition;
    }
    return lastLines?.get(extension);
  };
  return {
    line: (extension, partition) => ownerIn(extension, partition)?.line ?? undefined,
    linesWithExtension: (extension) => byExtension.get(extension) ?? none,
    owner: ownerIn,
    soleOwner: (extension) => soleOwners.get(extension),
    gateway(deviceName) {
      if (deviceName === '') return undefined;
      if (namesOnly && gatewayLengths[Math.min(deviceName.length, 256)] === 0 && isAscii(deviceName)) return undefined;
      if (deviceName === lastName) return lastVerdict ?? undefined;
      if (deviceName === otherName) return otherVerdict ?? undefined;
      let verdict = verdicts.get(deviceName);
      if (verdict === undefined) {
        // The name is cut from a CDR line: kept as a copy, so the verdict does not keep the line alive.
        const name = detach(deviceName);
        verdict =
          gateways.get(name.toUpperCase()) ??
          (patterns.some((p) => p.test(name)) ? { deviceName: name, carrier: null, site: null, pstn: true } : null);
        if (verdicts.size < 100_000) verdicts.set(name, verdict);
      }
      otherName = lastName;
      otherVerdict = lastVerdict;
      lastName = deviceName;
      lastVerdict = verdict;
      return verdict ?? undefined;
    },
  };
}

/** Only ASCII: its upper case has its length (some other letters grow: "ß" is "SS"). */
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}
