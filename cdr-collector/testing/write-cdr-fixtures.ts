// Writes the CUCM-format fixture files of fixtures/cdr/ from the scenarios
// below (run: node --import tsx cdr-collector/testing/write-cdr-fixtures.ts).
// The expected classification beside each file (*.expected.json) is written
// by hand from the CDR Administration Guide's rules, never generated.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cucmCdrHeaders, cucmCmrHeader } from './cucm-file-format.js';
import { renderCucmFile, renderCucmRecord, type CucmFieldValues } from './render-cucm-file.js';

const out = join(import.meta.dirname, '..', '..', 'fixtures', 'cdr');
const T0 = Date.UTC(2026, 10, 23, 10, 0, 0) / 1000;
const PT = 'PT_Internal';
const phone = (ext: string) =>
  ({
    '2001': 'SEP001122334401',
    '2002': 'SEP001122334402',
    '2003': 'SEP001122334403',
    '2004': 'SEP001122334404',
    '2005': 'SEP001122334405',
    '2099': 'SEP0011223344FF',
  })[ext] ?? `SEP00AABBCC${ext}`;

interface Call {
  gcid: number;
  legs: [number, number];
  at: number;
  ring?: number;
  talk: number;
  answered?: boolean;
  calling: string;
  callingPt?: string;
  called: string;
  calledPt?: string;
  final?: string;
  finalPt?: string;
  lastRedirect?: string;
  lastRedirectPt?: string;
  outpulsed?: string;
  from: string;
  to: string;
  extra?: CucmFieldValues;
}

function cdr(c: Call): CucmFieldValues {
  const start = T0 + c.at;
  const answered = c.answered ?? true;
  const connect = answered ? start + (c.ring ?? 4) : 0;
  return {
    cdrRecordType: 1,
    globalCallID_callManagerId: 1,
    globalCallID_callId: c.gcid,
    origLegCallIdentifier: c.legs[0],
    destLegIdentifier: c.legs[1],
    dateTimeOrigination: start,
    dateTimeConnect: connect,
    dateTimeDisconnect: answered ? connect + c.talk : start + (c.ring ?? 20),
    duration: answered ? c.talk : 0,
    origNodeId: 1,
    destNodeId: 1,
    origIpAddr: -1139562304,
    destIpAddr: -1122785088,
    callingPartyNumber: c.calling,
    callingPartyNumberPartition: c.callingPt ?? '',
    originalCalledPartyNumber: c.called,
    originalCalledPartyNumberPartition: c.calledPt ?? '',
    finalCalledPartyNumber: c.final ?? c.called,
    finalCalledPartyNumberPartition: c.finalPt ?? c.calledPt ?? '',
    lastRedirectDn: c.lastRedirect ?? '',
    lastRedirectDnPartition: c.lastRedirectPt ?? '',
    outpulsedCalledPartyNumber: c.outpulsed ?? '',
    origDeviceName: c.from,
    destDeviceName: c.to,
    origCause_value: answered ? 16 : 0,
    destCause_value: answered ? 0 : 19,
    globalCallId_ClusterID: 'StandAloneCluster',
    pkid: `00000000-0000-4000-8000-${String(c.gcid).padStart(6, '0')}${String(c.legs[0]).padStart(6, '0')}`,
    origMediaCap_payloadCapability: answered ? 4 : 0,
    destMediaCap_payloadCapability: answered ? 4 : 0,
    ...c.extra,
  };
}

const basic: CucmFieldValues[] = [
  cdr({
    gcid: 1001,
    legs: [101, 102],
    at: 0,
    talk: 185,
    calling: '2001',
    callingPt: PT,
    called: '00212345678',
    calledPt: 'PT_PSTN',
    outpulsed: '0212345678',
    from: phone('2001'),
    to: 'GW_MILANO',
  }),
  cdr({
    gcid: 1002,
    legs: [103, 104],
    at: 60,
    talk: 62,
    calling: '2002',
    callingPt: PT,
    called: '03351234567',
    calledPt: 'PT_PSTN',
    outpulsed: '+393351234567',
    from: phone('2002'),
    to: 'SIP_TRUNK_ITSP',
  }),
  cdr({
    gcid: 1003,
    legs: [105, 106],
    at: 120,
    talk: 301,
    calling: '2003',
    callingPt: PT,
    called: '000442079460958',
    calledPt: 'PT_PSTN',
    outpulsed: '00442079460958',
    from: phone('2003'),
    to: 'GW_MILANO',
  }),
  cdr({
    gcid: 1004,
    legs: [107, 108],
    at: 180,
    talk: 0,
    answered: false,
    calling: '2004',
    callingPt: PT,
    called: '00298765432',
    calledPt: 'PT_PSTN',
    outpulsed: '0298765432',
    from: phone('2004'),
    to: 'GW_MILANO',
    extra: { destCause_value: 17 },
  }),
  cdr({
    gcid: 1005,
    legs: [109, 110],
    at: 240,
    talk: 95,
    calling: '+390298765432',
    called: '2002',
    calledPt: PT,
    from: 'GW_MILANO',
    to: phone('2002'),
  }),
  cdr({
    gcid: 1006,
    legs: [111, 112],
    at: 300,
    talk: 0,
    answered: false,
    calling: '+393471234567',
    called: '2001',
    calledPt: PT,
    from: 'SIP_TRUNK_ITSP',
    to: phone('2001'),
  }),
  cdr({
    gcid: 1007,
    legs: [113, 114],
    at: 360,
    talk: 40,
    calling: '2003',
    callingPt: PT,
    called: '2004',
    calledPt: PT,
    from: phone('2003'),
    to: phone('2004'),
  }),
  cdr({
    gcid: 1008,
    legs: [115, 116],
    at: 420,
    talk: 0,
    answered: false,
    calling: '2001',
    callingPt: PT,
    called: '2005',
    calledPt: PT,
    from: phone('2001'),
    to: phone('2005'),
  }),
  cdr({
    gcid: 1009,
    legs: [117, 118],
    at: 480,
    talk: 75,
    calling: '2001',
    callingPt: PT,
    called: '4401',
    calledPt: 'PT_London',
    from: phone('2001'),
    to: 'ICT_LONDON',
  }),
  cdr({
    gcid: 1010,
    legs: [119, 120],
    at: 540,
    talk: 33,
    calling: '2999',
    callingPt: PT,
    called: '00255501234',
    calledPt: 'PT_PSTN',
    outpulsed: '0255501234',
    from: phone('2999'),
    to: 'GW_MILANO',
  }),
  cdr({
    gcid: 1011,
    legs: [121, 122],
    at: 600,
    ring: 6,
    talk: 0,
    calling: '2005',
    callingPt: PT,
    called: '00212399999',
    calledPt: 'PT_PSTN',
    outpulsed: '0212399999',
    from: phone('2005'),
    to: 'GW_MILANO',
  }),
  cdr({
    gcid: 1012,
    legs: [123, 0],
    at: 660,
    talk: 0,
    answered: false,
    calling: '2002',
    callingPt: PT,
    called: '00061291234567',
    from: phone('2002'),
    to: '',
    extra: { origCause_value: 21, destCause_value: 0 },
  }),
  {
    ...cdr({
      gcid: 1014,
      legs: [127, 128],
      at: 700,
      talk: 0,
      calling: '2001',
      callingPt: PT,
      called: '2002',
      calledPt: PT,
      from: phone('2001'),
      to: phone('2002'),
    }),
    cdrRecordType: 0,
  },
  cdr({
    gcid: 1013,
    legs: [125, 126],
    at: 720,
    talk: 28,
    calling: '2003',
    callingPt: PT,
    called: '8000',
    calledPt: 'PT_Voicemail',
    from: phone('2003'),
    to: 'CiscoUM1-VI1',
  }),
  cdr({
    gcid: 1015,
    legs: [129, 130],
    at: 780,
    talk: 12,
    calling: '2004',
    callingPt: PT,
    called: '2777',
    calledPt: PT,
    from: phone('2004'),
    to: phone('2777'),
  }),
];

const forwards: CucmFieldValues[] = [
  // 2001 calls 2002, whose Call Forward All sends it to a mobile: 2002 pays.
  cdr({
    gcid: 2001,
    legs: [201, 202],
    at: 900,
    talk: 120,
    calling: '2001',
    callingPt: PT,
    called: '2002',
    calledPt: PT,
    final: '03387654321',
    finalPt: 'PT_PSTN',
    lastRedirect: '2002',
    lastRedirectPt: PT,
    outpulsed: '3387654321',
    from: phone('2001'),
    to: 'GW_MILANO',
    extra: { lastRedirectRedirectReason: 15, origCalledPartyRedirectReason: 15, lastRedirectRedirectOnBehalfOf: 5 },
  }),
  // A caller from outside reaches 2003, forwarded on no answer to a mobile: transit, 2003 pays.
  cdr({
    gcid: 2002,
    legs: [203, 204],
    at: 960,
    talk: 200,
    calling: '0212345000',
    called: '2003',
    calledPt: PT,
    final: '03401112222',
    finalPt: 'PT_PSTN',
    lastRedirect: '2003',
    lastRedirectPt: PT,
    outpulsed: '3401112222',
    from: 'GW_MILANO',
    to: 'SIP_TRUNK_ITSP',
    extra: { lastRedirectRedirectReason: 2, origCalledPartyRedirectReason: 2 },
  }),
  // 2004 calls 2001, busy-forwarded to 2005: internal, the caller is the owner.
  cdr({
    gcid: 2003,
    legs: [205, 206],
    at: 1020,
    talk: 30,
    calling: '2004',
    callingPt: PT,
    called: '2001',
    calledPt: PT,
    final: '2005',
    finalPt: PT,
    lastRedirect: '2001',
    lastRedirectPt: PT,
    from: phone('2004'),
    to: phone('2005'),
    extra: { lastRedirectRedirectReason: 1 },
  }),
  // An outside call to 2001 forwarded to 2003, who answers: incoming, 2003 received it.
  cdr({
    gcid: 2004,
    legs: [207, 208],
    at: 1080,
    talk: 45,
    calling: '+441632960123',
    called: '2001',
    calledPt: PT,
    final: '2003',
    finalPt: PT,
    lastRedirect: '2001',
    lastRedirectPt: PT,
    from: 'SIP_TRUNK_ITSP',
    to: phone('2003'),
    extra: { lastRedirectRedirectReason: 15 },
  }),
];

const transfers: CucmFieldValues[] = [
  // 2001 calls out, consults 2002, completes a blind transfer: three CDRs (Cisco "Transferred Calls").
  cdr({
    gcid: 3001,
    legs: [301, 302],
    at: 1200,
    talk: 120,
    calling: '2001',
    callingPt: PT,
    called: '00212340000',
    calledPt: 'PT_PSTN',
    outpulsed: '0212340000',
    from: phone('2001'),
    to: 'GW_MILANO',
    extra: {
      origCause_value: 393216,
      destCause_value: 393216,
      origCallTerminationOnBehalfOf: 10,
      destCallTerminationOnBehalfOf: 10,
    },
  }),
  cdr({
    gcid: 3002,
    legs: [303, 304],
    at: 1325,
    talk: 8,
    calling: '2001',
    callingPt: PT,
    called: '2002',
    calledPt: PT,
    from: phone('2001'),
    to: phone('2002'),
    extra: {
      origCause_value: 393216,
      destCause_value: 393216,
      origCallTerminationOnBehalfOf: 10,
      destCallTerminationOnBehalfOf: 10,
    },
  }),
  cdr({
    gcid: 3001,
    legs: [302, 304],
    at: 1200,
    ring: 137,
    talk: 300,
    calling: '0212340000',
    called: '2002',
    calledPt: PT,
    lastRedirect: '2001',
    lastRedirectPt: PT,
    from: 'GW_MILANO',
    to: phone('2002'),
    extra: { joinOnBehalfOf: 10 },
  }),
  // An outside caller reaches the lobby (2099), who consults 2004 and transfers: the last CDR is incoming to 2004.
  cdr({
    gcid: 3003,
    legs: [305, 306],
    at: 1500,
    talk: 20,
    calling: '+390255550000',
    called: '2099',
    calledPt: PT,
    from: 'GW_MILANO',
    to: phone('2099'),
    extra: {
      origCause_value: 393216,
      destCause_value: 393216,
      origCallTerminationOnBehalfOf: 10,
      destCallTerminationOnBehalfOf: 10,
    },
  }),
  cdr({
    gcid: 3004,
    legs: [307, 308],
    at: 1522,
    talk: 5,
    calling: '2099',
    callingPt: PT,
    called: '2004',
    calledPt: PT,
    from: phone('2099'),
    to: phone('2004'),
    extra: {
      origCause_value: 393216,
      destCause_value: 393216,
      origCallTerminationOnBehalfOf: 10,
      destCallTerminationOnBehalfOf: 10,
    },
  }),
  cdr({
    gcid: 3003,
    legs: [305, 308],
    at: 1500,
    ring: 30,
    talk: 180,
    calling: '+390255550000',
    called: '2004',
    calledPt: PT,
    lastRedirect: '2099',
    lastRedirectPt: PT,
    from: 'GW_MILANO',
    to: phone('2004'),
    extra: { joinOnBehalfOf: 10 },
  }),
  // The lobby transfers another outside caller to a mobile: PSTN to PSTN, the lobby line pays.
  cdr({
    gcid: 3005,
    legs: [309, 312],
    at: 1800,
    talk: 90,
    calling: '+390255551111',
    called: '03331231234',
    calledPt: 'PT_PSTN',
    lastRedirect: '2099',
    lastRedirectPt: PT,
    outpulsed: '3331231234',
    from: 'GW_MILANO',
    to: 'SIP_TRUNK_ITSP',
    extra: { joinOnBehalfOf: 10 },
  }),
];

const hunt: CucmFieldValues[] = [
  cdr({
    gcid: 4001,
    legs: [401, 402],
    at: 2100,
    ring: 12,
    talk: 240,
    calling: '+390266661234',
    called: '5000',
    calledPt: PT,
    final: '2003',
    finalPt: PT,
    lastRedirect: '5000',
    lastRedirectPt: PT,
    from: 'GW_MILANO',
    to: phone('2003'),
    extra: { huntPilotDN: '5000', huntPilotPartition: PT, huntPilotPattern: '5000' },
  }),
  cdr({
    gcid: 4002,
    legs: [403, 404],
    at: 2200,
    ring: 45,
    talk: 0,
    answered: false,
    calling: '+390266665678',
    called: '5000',
    calledPt: PT,
    from: 'GW_MILANO',
    to: phone('2004'),
    extra: { huntPilotDN: '5000', huntPilotPartition: PT },
  }),
  cdr({
    gcid: 4003,
    legs: [405, 406],
    at: 2300,
    talk: 50,
    calling: '2001',
    callingPt: PT,
    called: '5000',
    calledPt: PT,
    final: '2002',
    finalPt: PT,
    lastRedirect: '5000',
    lastRedirectPt: PT,
    from: phone('2001'),
    to: phone('2002'),
    extra: { huntPilotDN: '5000', huntPilotPartition: PT },
  }),
];

const facCmc: CucmFieldValues[] = [
  cdr({
    gcid: 5001,
    legs: [501, 502],
    at: 2400,
    talk: 420,
    calling: '2005',
    callingPt: PT,
    called: '00012125551234',
    calledPt: 'PT_PSTN',
    outpulsed: '0012125551234',
    from: phone('2005'),
    to: 'GW_MILANO',
    extra: { authCodeDescription: 'Lukas international', authorizationLevel: 2 },
  }),
  cdr({
    gcid: 5002,
    legs: [503, 504],
    at: 2500,
    talk: 61,
    calling: '2002',
    callingPt: PT,
    called: '00287654321',
    calledPt: 'PT_PSTN',
    outpulsed: '0287654321',
    from: phone('2002'),
    to: 'GW_MILANO',
    extra: { clientMatterCode: '4711' },
  }),
];

const versionCalls = (cluster: string): CucmFieldValues[] =>
  [
    cdr({
      gcid: 6001,
      legs: [601, 602],
      at: 2600,
      talk: 70,
      calling: '2001',
      callingPt: PT,
      called: '00212345678',
      calledPt: 'PT_PSTN',
      outpulsed: '0212345678',
      from: phone('2001'),
      to: 'GW_MILANO',
    }),
    cdr({
      gcid: 6002,
      legs: [603, 604],
      at: 2700,
      talk: 10,
      calling: '+390298765432',
      called: '2002',
      calledPt: PT,
      from: 'GW_MILANO',
      to: phone('2002'),
    }),
  ].map((v) => ({ ...v, globalCallId_ClusterID: cluster }));

const write = (name: string, text: string) => writeFileSync(join(out, name), text);
const v125 = cucmCdrHeaders['cucm-12.5'];

write('cdr_StandAloneCluster_01_202611231000_1', renderCucmFile('cdr', v125, basic));
write('cdr_StandAloneCluster_01_202611231005_2', renderCucmFile('cdr', v125, forwards));
write('cdr_StandAloneCluster_01_202611231010_3', renderCucmFile('cdr', v125, transfers));
write('cdr_StandAloneCluster_01_202611231015_4', renderCucmFile('cdr', v125, hunt));
write('cdr_StandAloneCluster_01_202611231020_5', renderCucmFile('cdr', v125, facCmc));
write(
  'cdr_ClusterEightSix_01_202611231025_6',
  renderCucmFile('cdr', cucmCdrHeaders['cucm-8.6'], versionCalls('ClusterEightSix'), { eol: '\r\n' }),
);
write(
  'cdr_ClusterElevenFive_01_202611231025_7',
  renderCucmFile('cdr', cucmCdrHeaders['cucm-11.5'], versionCalls('ClusterElevenFive')),
);
// A release that inserts a field and moves others: columns are found by name.
const reordered = ['newFieldOfAFutureRelease', ...[...v125].reverse()];
write(
  'cdr_ClusterFuture_01_202611231025_8',
  renderCucmFile(
    'cdr',
    reordered,
    versionCalls('ClusterFuture').map((v) => ({ ...v, newFieldOfAFutureRelease: 'x' })),
  ),
);

// Good lines around bad ones; the last line is cut short with no line end (a node crashed).
const good = (gcid: number, leg: number, at: number) =>
  cdr({
    gcid,
    legs: [leg, leg + 1],
    at,
    talk: 30,
    calling: '2003',
    callingPt: PT,
    called: '2004',
    calledPt: PT,
    from: phone('2003'),
    to: phone('2004'),
  });
const line = (v: CucmFieldValues) => renderCucmRecord('cdr', v125, v);
const badLines = [
  line(good(7001, 701, 3000)),
  line(good(7002, 703, 3010))
    .split(',')
    .slice(0, 100)
    .join(','),
  line({ ...good(7003, 705, 3020), globalCallID_callId: 'abc' }).replace('"abc"', 'abc'),
  line({ ...good(7004, 707, 3030), dateTimeOrigination: '2026-11-23 10:50' }).replace(
    '"2026-11-23 10:50"',
    '2026-11-23 10:50',
  ),
  line(good(7005, 709, 3040)).replace(/""$/, '"abc'),
  line(good(7006, 711, 3050)),
  line({ ...good(7007, 713, 3060), duration: -5 }),
  line(good(7008, 715, 3070)).slice(0, 300),
];
write('cdr_StandAloneCluster_01_202611231050_9', renderCucmFile('cdr', v125, []) + badLines.join('\n'));

write('cdr_StandAloneCluster_01_202611231055_10', 'extension,partition,site\n2001,PT_Internal,default\n');
const types = renderCucmFile('cdr', v125, []).split('\n')[1] as string;
write(
  'cdr_StandAloneCluster_01_202611231055_11',
  `${v125.map((f) => `"${f}"`).join(',')}\n${types.split(',').slice(0, 120).join(',')}\n` +
    `${line(good(7101, 801, 3100))}\n`,
);
write(
  'cdr_StandAloneCluster_01_202611231100_13',
  renderCucmFile('cdr', v125, [good(7201, 901, 3200)], { withoutTypesLine: true }),
);

// Voice quality of the first basic call (both legs) and of the internal call 1007 (one leg).
const cmr = (gcid: number, leg: number, values: CucmFieldValues): CucmFieldValues => ({
  cdrRecordType: 2,
  globalCallID_callManagerId: 1,
  globalCallID_callId: gcid,
  nodeId: 1,
  callIdentifier: leg,
  dateTimeStamp: T0 + 400,
  globalCallId_ClusterID: 'StandAloneCluster',
  pkid: `10000000-0000-4000-8000-${String(gcid).padStart(6, '0')}${String(leg).padStart(6, '0')}`,
  ...values,
});
write(
  'cmr_StandAloneCluster_01_202611231000_12',
  renderCucmFile('cmr', cucmCmrHeader, [
    cmr(1001, 101, {
      directoryNum: '2001',
      directoryNumPartition: PT,
      deviceName: phone('2001'),
      numberPacketsSent: 9250,
      numberPacketsReceived: 9240,
      numberPacketsLost: 12,
      jitter: 3,
      latency: 18,
      varVQMetrics:
        'MLQK=4.1000;MLQKav=4.0500;MLQKmn=3.8000;MLQKmx=4.2000;CCR=0.0010;ICR=0.0000;ICRmx=0.0000;CS=1;SCS=0',
    }),
    cmr(1001, 102, {
      deviceName: 'GW_MILANO',
      numberPacketsSent: 9240,
      numberPacketsReceived: 9250,
      numberPacketsLost: 3,
      jitter: 7,
      latency: 25,
      varVQMetrics: 'MLQK=3.9000;MLQKav=3.9200;MLQKmn=3.6000;MLQKmx=4.0000;CCR=0.0020',
    }),
    cmr(1007, 113, {
      directoryNum: '2003',
      directoryNumPartition: PT,
      deviceName: phone('2003'),
      numberPacketsSent: 2000,
      numberPacketsReceived: 1998,
      numberPacketsLost: 0,
      jitter: 1,
      latency: 2,
      varVQMetrics: 'MLQK=4.5000;MLQKav=4.4000',
    }),
    { ...cmr(1007, 114, {}), numberPacketsSent: ' 1998 ', jitter: '', latency: '' },
  ]),
);
console.log(`fixtures written to ${out}`);
