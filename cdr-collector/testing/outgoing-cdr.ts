/** Epoch seconds of the test calls' day: 2026-11-23 10:00 UTC. */
export const T0 = Date.UTC(2026, 10, 23, 10, 0, 0) / 1000;
/** An answered outgoing CDR (CUCM 12.5 field names) from extension `from` through GW_MILANO, `talk` seconds. */
export const outgoing = (gcid: number, from: string, talk: number) => ({
  cdrRecordType: 1,
  globalCallID_callManagerId: 1,
  globalCallID_callId: gcid,
  origLegCallIdentifier: gcid * 10,
  destLegIdentifier: gcid * 10 + 1,
  dateTimeOrigination: T0 + gcid,
  dateTimeConnect: T0 + gcid + 3,
  dateTimeDisconnect: T0 + gcid + 3 + talk,
  duration: talk,
  callingPartyNumber: from,
  callingPartyNumberPartition: 'PT_Internal',
  originalCalledPartyNumber: '03351234567',
  finalCalledPartyNumber: '03351234567',
  outpulsedCalledPartyNumber: '3351234567',
  origDeviceName: `SEP00000000${from}`,
  destDeviceName: 'GW_MILANO',
  globalCallId_ClusterID: 'StandAloneCluster',
});
