import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cucmCdrHeaders } from '../../cdr-collector/testing/cucm-file-format.js';
import { renderCucmFile, type CucmFieldValues } from '../../cdr-collector/testing/render-cucm-file.js';

/** An outgoing call from a phone through a PSTN gateway, as CUCM writes it. */
export interface DialledCall {
  extension: string;
  partition: string;
  device: string;
  /** As dialled, with the PSTN access code (e.g. 919005551234). */
  dialled: string;
  /** As sent to the gateway: CUCM discards the access code (e.g. 19005551234). */
  outpulsed: string;
  gateway: string;
  startEpoch: number;
  /** Connected seconds. */
  seconds: number;
}

let callId = 500_000;

/** Writes a CUCM 12.5 CDR file of these calls into `dir` (named as CUCM names them); returns its path. */
export function writeCdrFile(dir: string, sequence: number, calls: DialledCall[]): string {
  const records: CucmFieldValues[] = calls.map((c) => {
    callId += 1;
    return {
      cdrRecordType: 1,
      globalCallID_callManagerId: 1,
      globalCallID_callId: callId,
      origLegCallIdentifier: 30_000_000 + 2 * callId,
      destLegIdentifier: 30_000_001 + 2 * callId,
      dateTimeOrigination: c.startEpoch,
      dateTimeConnect: c.startEpoch + 3,
      dateTimeDisconnect: c.startEpoch + 3 + c.seconds,
      duration: c.seconds,
      origNodeId: 1,
      destNodeId: 1,
      callingPartyNumber: c.extension,
      callingPartyNumberPartition: c.partition,
      originalCalledPartyNumber: c.dialled,
      finalCalledPartyNumber: c.dialled,
      outpulsedCalledPartyNumber: c.outpulsed,
      origDeviceName: c.device,
      destDeviceName: c.gateway,
      origCause_value: 16,
      destCause_value: 16,
      globalCallId_ClusterID: 'StandAloneCluster',
    };
  });
  const stamp = new Date((calls[0]?.startEpoch ?? 0) * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 12);
  const path = join(dir, `cdr_StandAloneCluster_01_${stamp}_${sequence}`);
  writeFileSync(path, renderCucmFile('cdr', cucmCdrHeaders['cucm-12.5'], records));
  return path;
}
