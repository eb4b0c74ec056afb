import type { DirectorySnapshot } from '../src/directory/index.js';

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
  // partition → extension → line: two lookups, no key string built per record.
  const byPartition = new Map<string, Map<string, OwnerLine>>();
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
    inPartition.set(line.extension, owner);
    const list = byExtension.get(line.extension);
    if (list) list.push(owner);
    else byExtension.set(line.extension, [owner]);
  }
  const gateways = new Map<string, GatewayInfo>();
  for (const g of snapshot.gateways) {
    gateways.set(g.deviceName.toUpperCase(), {
      deviceName: g.deviceName,
      carrier: g.carrier,
      site: g.site,
      pstn: g.pstn,
    });
  }
  const patterns = options.pstnDevicePatterns.map((p) => new RegExp(p, 'i'));
  // Device names repeat on every record: remember each name's verdict (bounded; phones and gateways are finitely many).
  const verdicts = new Map<string, GatewayInfo | null>();
  const none: readonly OwnerLine[] = [];
  // A record asks for its two devices several times (continuation check, classification, unknown extension): the
  // last two answers are kept, so those repeats cost a string comparison, not a hash and a map probe.
  let lastName = '';
  let lastVerdict: GatewayInfo | null = null;
  let otherName = '';
  let otherVerdict: GatewayInfo | null = null;

  return {
    line: (extension, partition) => byPartition.get(partition)?.get(extension),
    linesWithExtension: (extension) => byExtension.get(extension) ?? none,
    gateway(deviceName) {
      if (deviceName === '') return undefined;
      if (deviceName === lastName) return lastVerdict ?? undefined;
      if (deviceName === otherName) return otherVerdict ?? undefined;
      let verdict = verdicts.get(deviceName);
      if (verdict === undefined) {
        verdict =
          gateways.get(deviceName.toUpperCase()) ??
          (patterns.some((p) => p.test(deviceName)) ? { deviceName, carrier: null, site: null, pstn: true } : null);
        if (verdicts.size < 100_000) verdicts.set(deviceName, verdict);
      }
      otherName = lastName;
      otherVerdict = lastVerdict;
      lastName = deviceName;
      lastVerdict = verdict;
      return verdict ?? undefined;
    },
  };
}
