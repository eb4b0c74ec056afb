// Writes the demo's CUCM CDR and CMR files (fixtures/demo/) for the demo
// directory: a working week of calls of lines 2001–2005 and 2099 through
// GW_MILANO and SIP_TRUNK_ITSP (and ICT_LONDON, on-net), with missed calls,
// forwards to mobiles and a transfer. Deterministic (seeded).
// Run: node --import tsx cdr-collector/testing/write-demo-cdr.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cucmCdrHeaders, cucmCmrHeader } from './cucm-file-format.js';
import { renderCucmFile, type CucmFieldValues } from './render-cucm-file.js';

const out = join(import.meta.dirname, '..', '..', 'fixtures', 'demo');
const PT = 'PT_Internal';
const phones: Record<string, string> = {
  '2001': 'SEP001122334401',
  '2002': 'SEP001122334402',
  '2003': 'SEP001122334403',
  '2004': 'SEP001122334404',
  '2005': 'SEP001122334405',
  '2099': 'SEP0011223344FF',
};
const extensions = Object.keys(phones);

let seed = 20261116;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;

// Dialled with the PSTN access code 0 (sites.default); outpulsed without it.
const destinations = [
  { dialled: '00287654321', out: '0287654321' },
  { dialled: '00212345678', out: '0212345678' },
  { dialled: '0064123456', out: '064123456' },
  { dialled: '0055512345', out: '055512345' },
  { dialled: '03351234567', out: '3351234567' },
  { dialled: '03477654321', out: '3477654321' },
  { dialled: '03201112233', out: '3201112233' },
  { dialled: '000442079460958', out: '00442079460958' },
  { dialled: '0004930901820', out: '004930901820' },
  { dialled: '00012125551234', out: '0012125551234' },
  { dialled: '0800123456', out: '800123456' },
];
const callers = ['+390298765432', '+393471234567', '+441632960123', '+390612345678', '+393339876543'];

const records: CucmFieldValues[] = [];
const qualities: CucmFieldValues[] = [];
let gcid = 100000;
let leg = 50000000;

function add(at: number, v: CucmFieldValues, answered: boolean, talk: number): void {
  gcid++;
  leg += 2;
  const connect = answered ? at + 3 + Math.floor(rnd() * 12) : 0;
  const end = answered ? connect + talk : at + 15 + Math.floor(rnd() * 20);
  records.push({
    cdrRecordType: 1,
    globalCallID_callManagerId: 1,
    globalCallID_callId: gcid,
    origLegCallIdentifier: leg,
    destLegIdentifier: leg + 1,
    dateTimeOrigination: at,
    dateTimeConnect: connect,
    dateTimeDisconnect: end,
    duration: answered ? talk : 0,
    origNodeId: 1,
    destNodeId: 1,
    origCause_value: answered ? 16 : 0,
    destCause_value: answered ? 0 : pick([17, 19, 19]),
    globalCallId_ClusterID: 'StandAloneCluster',
    pkid: `d0000000-0000-4000-8000-${String(gcid).padStart(12, '0')}`,
    origIpAddr: -1139562304,
    destIpAddr: -1122785088,
    ...v,
  });
  if (answered && rnd() < 0.3) {
    const mos = (3.4 + rnd() * 1.0).toFixed(4);
    qualities.push({
      cdrRecordType: 2,
      globalCallID_callManagerId: 1,
      globalCallID_callId: gcid,
      nodeId: 1,
      callIdentifier: leg,
      dateTimeStamp: end,
      numberPacketsSent: talk * 50,
      numberPacketsReceived: talk * 50 - 3,
      numberPacketsLost: Math.floor(rnd() * 20),
      jitter: Math.floor(rnd() * 15),
      latency: Math.floor(rnd() * 40),
      globalCallId_ClusterID: 'StandAloneCluster',
      deviceName: String(v.origDeviceName ?? ''),
      varVQMetrics: `MLQK=${mos};MLQKav=${mos};MLQKmn=${(Number(mos) - 0.3).toFixed(4)};MLQKmx=4.5000;CCR=0.0010`,
      pkid: `e0000000-0000-4000-8000-${String(gcid).padStart(12, '0')}`,
    });
  }
}

const monday = Date.UTC(2026, 10, 16, 0, 0, 0) / 1000;
for (let day = 0; day < 5; day++) {
  for (let i = 0; i < 36; i++) {
    // 08:00–17:30 Rome (UTC+1 in November)
    const at = monday + day * 86400 + 7 * 3600 + Math.floor(rnd() * 9.5 * 3600);
    const ext = pick(extensions);
    const r = rnd();
    const talk = 20 + Math.floor(rnd() * rnd() * 900);
    if (r < 0.5) {
      const d = pick(destinations);
      add(
        at,
        {
          callingPartyNumber: ext,
          callingPartyNumberPartition: PT,
          originalCalledPartyNumber: d.dialled,
          finalCalledPartyNumber: d.dialled,
          originalCalledPartyNumberPartition: 'PT_PSTN',
          finalCalledPartyNumberPartition: 'PT_PSTN',
          outpulsedCalledPartyNumber: d.out,
          origDeviceName: phones[ext] as string,
          destDeviceName: pick(['GW_MILANO', 'SIP_TRUNK_ITSP']),
        },
        rnd() > 0.12,
        talk,
      );
    } else if (r < 0.78) {
      add(
        at,
        {
          callingPartyNumber: pick(callers),
          originalCalledPartyNumber: ext,
          finalCalledPartyNumber: ext,
          originalCalledPartyNumberPartition: PT,
          finalCalledPartyNumberPartition: PT,
          origDeviceName: pick(['GW_MILANO', 'SIP_TRUNK_ITSP']),
          destDeviceName: phones[ext] as string,
        },
        rnd() > 0.2,
        talk,
      );
    } else if (r < 0.93) {
      const other = pick(extensions.filter((e) => e !== ext));
      add(
        at,
        {
          callingPartyNumber: ext,
          callingPartyNumberPartition: PT,
          originalCalledPartyNumber: other,
          finalCalledPartyNumber: other,
          originalCalledPartyNumberPartition: PT,
          finalCalledPartyNumberPartition: PT,
          origDeviceName: phones[ext] as string,
          destDeviceName: phones[other] as string,
        },
        rnd() > 0.15,
        Math.floor(talk / 3),
      );
    } else if (r < 0.97) {
      add(
        at,
        {
          callingPartyNumber: ext,
          callingPartyNumberPartition: PT,
          originalCalledPartyNumber: '4401',
          finalCalledPartyNumber: '4401',
          originalCalledPartyNumberPartition: 'PT_London',
          finalCalledPartyNumberPartition: 'PT_London',
          origDeviceName: phones[ext] as string,
          destDeviceName: 'ICT_LONDON',
        },
        true,
        talk,
      );
    } else {
      // An outside caller forwarded (no answer) to the line's mobile: transit, paid by the line.
      add(
        at,
        {
          callingPartyNumber: pick(callers),
          originalCalledPartyNumber: ext,
          originalCalledPartyNumberPartition: PT,
          finalCalledPartyNumber: '03351234567',
          finalCalledPartyNumberPartition: 'PT_PSTN',
          lastRedirectDn: ext,
          lastRedirectDnPartition: PT,
          lastRedirectRedirectReason: 2,
          outpulsedCalledPartyNumber: '3351234567',
          origDeviceName: 'GW_MILANO',
          destDeviceName: 'SIP_TRUNK_ITSP',
        },
        true,
        talk,
      );
    }
  }
}
records.sort((a, b) => Number(a.dateTimeOrigination) - Number(b.dateTimeOrigination));

writeFileSync(
  join(out, 'cdr_StandAloneCluster_01_202611201800_1'),
  renderCucmFile('cdr', cucmCdrHeaders['cucm-12.5'], records),
);
writeFileSync(join(out, 'cmr_StandAloneCluster_01_202611201800_2'), renderCucmFile('cmr', cucmCmrHeader, qualities));
console.log(`${records.length} CDRs and ${qualities.length} CMRs written to ${out}`);
