import { createWriteStream } from 'node:fs';
import { cucmCdrHeaders } from './cucm-file-format.js';
import { renderCucmFile, renderCucmRecord, type CucmFieldValues } from './render-cucm-file.js';

/** The directory the generated traffic assumes: extensions 2000… in one partition, one SEP phone each. */
export interface TrafficDirectory {
  extensions: string[];
  partition: string;
  gateways: string[];
}

export function trafficDirectory(lines: number): TrafficDirectory {
  return {
    extensions: Array.from({ length: lines }, (_, i) => String(20000 + i)),
    partition: 'PT_Internal',
    gateways: ['GW_MILANO', 'SIP_TRUNK_ITSP'],
  };
}

/** Seeded PRNG (mulberry32): the same seed writes the same file. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface TrafficMix {
  outgoingNational: number;
  outgoingMobile: number;
  outgoingInternational: number;
  outgoingMissed: number;
  incoming: number;
  incomingMissed: number;
  internal: number;
  forwardedOut: number;
  transit: number;
}

/** A working day of a mid-size Italian office, roughly (shares of records). */
export const realisticMix: TrafficMix = {
  outgoingNational: 0.22,
  outgoingMobile: 0.18,
  outgoingInternational: 0.06,
  outgoingMissed: 0.06,
  incoming: 0.2,
  incomingMissed: 0.08,
  internal: 0.13,
  forwardedOut: 0.04,
  transit: 0.03,
};

export interface GenerateOptions {
  records: number;
  seed?: number;
  directory: TrafficDirectory;
  mix?: TrafficMix;
  /** Distinct external numbers called (companies call the same numbers again and again). */
  distinctNumbers?: number;
  startEpoch?: number;
  clusterId?: string;
}

function phoneOf(ext: string): string {
  return `SEP${(0x001122000000 + Number(ext)).toString(16).toUpperCase().padStart(12, '0')}`;
}

function uuid(rnd: () => number): string {
  const hex = () =>
    Math.floor(rnd() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
}

/**
 * Writes a CUCM 12.5 CDR file of generated traffic with all 133 fields filled
 * the way CUCM fills them (media addresses, codecs, pkids, patterns), so line
 * lengths and parsing work match real files.
 */
export async function writeGeneratedCdrFile(path: string, options: GenerateOptions): Promise<{ bytes: number }> {
  const fields = cucmCdrHeaders['cucm-12.5'];
  const rnd = random(options.seed ?? 1);
  const mix = options.mix ?? realisticMix;
  const dir = options.directory;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const distinct = options.distinctNumbers ?? 50_000;
  const externals = Array.from({ length: distinct }, (_, i) => {
    const n = String(1_000_000 + Math.floor(rnd() * 8_999_999));
    const k = i % 10;
    if (k < 5) return `02${n}`; // Milan and other fixed lines
    if (k < 9) return `3${String(30 + (i % 60))}${n}`; // mobiles
    return pick(['0044207', '0049301', '0033142', '001212']) + n; // international
  });
  const byKind = {
    fixed: externals.filter((n) => n.startsWith('0') && !n.startsWith('00')),
    mobile: externals.filter((n) => n.startsWith('3')),
    intl: externals.filter((n) => n.startsWith('00')),
  };
  const thresholds = Object.entries(mix).reduce<Array<[string, number]>>(
    (acc, [k, v]) => [...acc, [k, (acc.at(-1)?.[1] ?? 0) + v]],
    [],
  );
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  let bytes = 0;
  let buffer = renderCucmFile('cdr', fields, []);
  let time = options.startEpoch ?? 1_795_000_000;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  for (let i = 0; i < options.records; i++) {
    time += rnd() < 0.5 ? 1 : 0;
    const r = rnd() * thresholds[thresholds.length - 1]![1];
    const kind = thresholds.find(([, t]) => r < t)?.[0] ?? 'internal';
    const ext = pick(dir.extensions);
    const other = pick(dir.extensions);
    const gw = pick(dir.gateways);
    const answered = !kind.endsWith('Missed') && rnd() > 0.05;
    const duration = answered ? Math.floor(rnd() * rnd() * 900) : 0;
    const number =
      kind === 'outgoingMobile'
        ? pick(byKind.mobile)
        : kind === 'outgoingInternational'
          ? pick(byKind.intl)
          : pick(byKind.fixed);
    const v: CucmFieldValues = {
      cdrRecordType: 1,
      globalCallID_callManagerId: 1 + (i % 4),
      globalCallID_callId: 100000 + i,
      origLegCallIdentifier: 20000000 + 2 * i,
      destLegIdentifier: 20000001 + 2 * i,
      dateTimeOrigination: time,
      dateTimeConnect: answered ? time + 5 : 0,
      dateTimeDisconnect: time + 5 + duration,
      duration,
      origNodeId: 1 + (i % 4),
      destNodeId: 1 + (i % 4),
      origIpAddr: -1139562304 + (i % 200),
      destIpAddr: -1139562000 + (i % 100),
      origMediaTransportAddress_IP: answered ? -1139562304 + (i % 200) : 0,
      origMediaTransportAddress_Port: answered ? 16384 + (i % 16000) : 0,
      destMediaTransportAddress_IP: answered ? -1139562000 + (i % 100) : 0,
      destMediaTransportAddress_Port: answered ? 24576 + (i % 8000) : 0,
      origMediaCap_payloadCapability: answered ? 4 : 0,
      destMediaCap_payloadCapability: answered ? 4 : 0,
      origMediaCap_maxFramesPerPacket: answered ? 20 : 0,
      destMediaCap_maxFramesPerPacket: answered ? 20 : 0,
      origMediaCap_Bandwidth: answered ? 64 : 0,
      destMediaCap_Bandwidth: answered ? 64 : 0,
      origCause_value: answered ? 16 : 0,
      destCause_value: answered ? 0 : kind === 'incomingMissed' ? 19 : 17,
      origDTMFMethod: 3,
      destDTMFMethod: 3,
      origRSVPAudioStat: '0',
      destRSVPAudioStat: '0',
      pkid: uuid(rnd),
      globalCallId_ClusterID: options.clusterId ?? 'StandAloneCluster',
      origIpv4v6Addr: `192.168.19.${(i % 200) + 1}`,
      destIpv4v6Addr: `192.168.20.${(i % 100) + 1}`,
      IncomingProtocolCallRef: `0000000000${String(i).padStart(8, '0')}01`,
      origDeviceType: 'Cisco 8845',
      destDeviceType: 'Cisco 8865',
      origDeviceSessionID: uuid(rnd),
      destDeviceSessionID: uuid(rnd),
    };
    const internalCall = () => {
      Object.assign(v, {
        callingPartyNumber: ext,
        callingPartyNumberPartition: dir.partition,
        originalCalledPartyNumber: other,
        originalCalledPartyNumberPartition: dir.partition,
        finalCalledPartyNumber: other,
        finalCalledPartyNumberPartition: dir.partition,
        origDeviceName: phoneOf(ext),
        destDeviceName: phoneOf(other),
        originalCalledPartyPattern: '2XXXX',
        finalCalledPartyPattern: '2XXXX',
      });
    };
    switch (kind) {
      case 'outgoingNational':
      case 'outgoingMobile':
      case 'outgoingInternational':
      case 'outgoingMissed':
        Object.assign(v, {
          callingPartyNumber: ext,
          callingPartyNumberPartition: dir.partition,
          originalCalledPartyNumber: `0${number}`,
          originalCalledPartyNumberPartition: 'PT_PSTN',
          finalCalledPartyNumber: `0${number}`,
          finalCalledPartyNumberPartition: 'PT_PSTN',
          outpulsedCallingPartyNumber: `+390212345${ext.slice(-3)}`,
          outpulsedCalledPartyNumber: number,
          origDeviceName: phoneOf(ext),
          destDeviceName: gw,
          originalCalledPartyPattern: '0.!',
          finalCalledPartyPattern: '0.!',
          destDeviceType: 'SIP Trunk',
        });
        break;
      case 'incoming':
      case 'incomingMissed':
        Object.assign(v, {
          callingPartyNumber: number,
          originalCalledPartyNumber: ext,
          originalCalledPartyNumberPartition: dir.partition,
          finalCalledPartyNumber: ext,
          finalCalledPartyNumberPartition: dir.partition,
          origDeviceName: gw,
          destDeviceName: phoneOf(ext),
          origDeviceType: 'SIP Trunk',
        });
        break;
      case 'forwardedOut':
        internalCall();
        Object.assign(v, {
          finalCalledPartyNumber: `0${pick(byKind.mobile)}`,
          finalCalledPartyNumberPartition: 'PT_PSTN',
          lastRedirectDn: other,
          lastRedirectDnPartition: dir.partition,
          lastRedirectRedirectReason: 15,
          lastRedirectRedirectOnBehalfOf: 5,
          destDeviceName: gw,
        });
        break;
      case 'transit':
        Object.assign(v, {
          callingPartyNumber: number,
          originalCalledPartyNumber: ext,
          originalCalledPartyNumberPartition: dir.partition,
          finalCalledPartyNumber: `0${pick(byKind.mobile)}`,
          finalCalledPartyNumberPartition: 'PT_PSTN',
          lastRedirectDn: ext,
          lastRedirectDnPartition: dir.partition,
          lastRedirectRedirectReason: 15,
          origDeviceName: gw,
          destDeviceName: gw,
        });
        break;
      default:
        internalCall();
    }
    buffer += `${renderCucmRecord('cdr', fields, v)}\n`;
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return { bytes };
}
