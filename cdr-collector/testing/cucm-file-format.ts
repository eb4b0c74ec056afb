/**
 * CUCM flat-file headers as releases write them, for fixtures, tests and the
 * benchmark. Field lists follow Cisco's "CDR Field Descriptions" and
 * "CMR Field Descriptions" chapters; the 12.5 list (133 fields) is also what
 * 14 and 15 write.
 */
const cdrFields115 = [
  'cdrRecordType', 'globalCallID_callManagerId', 'globalCallID_callId', 'origLegCallIdentifier', 'dateTimeOrigination', 'origNodeId',
  'origSpan', 'origIpAddr', 'callingPartyNumber', 'callingPartyUnicodeLoginUserID', 'origCause_location', 'origCause_value',
  'origPrecedenceLevel', 'origMediaTransportAddress_IP', 'origMediaTransportAddress_Port', 'origMediaCap_payloadCapability',
  'origMediaCap_maxFramesPerPacket', 'origMediaCap_g723BitRate', 'origVideoCap_Codec', 'origVideoCap_Bandwidth', 'origVideoCap_Resolution',
  'origVideoTransportAddress_IP', 'origVideoTransportAddress_Port', 'origRSVPAudioStat', 'origRSVPVideoStat', 'destLegIdentifier',
  'destNodeId', 'destSpan', 'destIpAddr', 'originalCalledPartyNumber', 'finalCalledPartyNumber', 'finalCalledPartyUnicodeLoginUserID',
  'destCause_location', 'destCause_value', 'destPrecedenceLevel', 'destMediaTransportAddress_IP', 'destMediaTransportAddress_Port',
  'destMediaCap_payloadCapability', 'destMediaCap_maxFramesPerPacket', 'destMediaCap_g723BitRate', 'destVideoCap_Codec',
  'destVideoCap_Bandwidth', 'destVideoCap_Resolution', 'destVideoTransportAddress_IP', 'destVideoTransportAddress_Port',
  'destRSVPAudioStat', 'destRSVPVideoStat', 'dateTimeConnect', 'dateTimeDisconnect', 'lastRedirectDn', 'pkid',
  'originalCalledPartyNumberPartition', 'callingPartyNumberPartition', 'finalCalledPartyNumberPartition', 'lastRedirectDnPartition',
  'duration', 'origDeviceName', 'destDeviceName', 'origCallTerminationOnBehalfOf', 'destCallTerminationOnBehalfOf',
  'origCalledPartyRedirectOnBehalfOf', 'lastRedirectRedirectOnBehalfOf', 'origCalledPartyRedirectReason', 'lastRedirectRedirectReason',
  'destConversationId', 'globalCallId_ClusterID', 'joinOnBehalfOf', 'comment', 'authCodeDescription', 'authorizationLevel',
  'clientMatterCode', 'origDTMFMethod', 'destDTMFMethod', 'callSecuredStatus', 'origConversationId', 'origMediaCap_Bandwidth',
  'destMediaCap_Bandwidth', 'authorizationCodeValue', 'outpulsedCallingPartyNumber', 'outpulsedCalledPartyNumber', 'origIpv4v6Addr',
  'destIpv4v6Addr', 'origVideoCap_Codec_Channel2', 'origVideoCap_Bandwidth_Channel2', 'origVideoCap_Resolution_Channel2',
  'origVideoTransportAddress_IP_Channel2', 'origVideoTransportAddress_Port_Channel2', 'origVideoChannel_Role_Channel2',
  'destVideoCap_Codec_Channel2', 'destVideoCap_Bandwidth_Channel2', 'destVideoCap_Resolution_Channel2',
  'destVideoTransportAddress_IP_Channel2', 'destVideoTransportAddress_Port_Channel2', 'destVideoChannel_Role_Channel2',
  'IncomingProtocolID', 'IncomingProtocolCallRef', 'OutgoingProtocolID', 'OutgoingProtocolCallRef', 'currentRoutingReason',
  'origRoutingReason', 'lastRedirectingRoutingReason', 'huntPilotPartition', 'huntPilotDN', 'calledPartyPatternUsage', 'IncomingICID',
  'IncomingOrigIOI', 'IncomingTermIOI', 'OutgoingICID', 'OutgoingOrigIOI', 'OutgoingTermIOI', 'outpulsedOriginalCalledPartyNumber',
  'outpulsedLastRedirectingNumber', 'wasCallQueued', 'totalWaitTimeInQueue', 'callingPartyNumber_uri', 'originalCalledPartyNumber_uri',
  'finalCalledPartyNumber_uri', 'lastRedirectDn_uri', 'mobileCallingPartyNumber', 'finalMobileCalledPartyNumber', 'origMobileDeviceName',
  'destMobileDeviceName', 'origMobileCallDuration', 'destMobileCallDuration', 'mobileCallType', 'originalCalledPartyPattern',
  'finalCalledPartyPattern', 'lastRedirectingPartyPattern', 'huntPilotPattern',
];

export const cucmCdrHeaders = {
  /** 8.6: no outpulsedOriginal…/URI/mobility/pattern fields yet. */
  'cucm-8.6': cdrFields115.slice(0, cdrFields115.indexOf('outpulsedOriginalCalledPartyNumber')),
  'cucm-11.5': cdrFields115,
  'cucm-12.5': [...cdrFields115, 'origDeviceType', 'destDeviceType', 'origDeviceSessionID', 'destDeviceSessionID'],
} as const;

export type CucmRelease = keyof typeof cucmCdrHeaders;

export const cucmCmrHeader = [
  'cdrRecordType', 'globalCallID_callManagerId', 'globalCallID_callId', 'nodeId', 'directoryNum', 'callIdentifier', 'dateTimeStamp',
  'numberPacketsSent', 'numberOctetsSent', 'numberPacketsReceived', 'numberOctetsReceived', 'numberPacketsLost', 'jitter', 'latency',
  'pkid', 'directoryNumPartition', 'globalCallId_ClusterID', 'deviceName', 'varVQMetrics', 'duration', 'videoContentType',
  'videoDuration', 'numberVideoPacketsSent', 'numberVideoOctetsSent', 'numberVideoPacketsReceived', 'numberVideoOctetsReceived',
  'numberVideoPacketsLost', 'videoAverageJitter', 'videoRoundTripTime', 'videoOneWayDelay', 'videoReceptionMetrics',
  'videoTransmissionMetrics', 'videoContentType_channel2', 'videoDuration_channel2', 'numberVideoPacketsSent_channel2',
  'numberVideoOctetsSent_channel2', 'numberVideoPacketsReceived_channel2', 'numberVideoOctetsReceived_channel2',
  'numberVideoPacketsLost_channel2', 'videoAverageJitter_channel2', 'videoRoundTripTime_channel2', 'videoOneWayDelay_channel2',
  'videoReceptionMetrics_channel2', 'videoTransmissionMetrics_channel2', 'localSessionID', 'remoteSessionID', 'headsetSN', 'headsetMetrics',
];

const integerCdrFields = new Set([
  'cdrRecordType', 'globalCallID_callManagerId', 'globalCallID_callId', 'origLegCallIdentifier', 'dateTimeOrigination', 'origNodeId',
  'origSpan', 'origIpAddr', 'origCause_location', 'origCause_value', 'origPrecedenceLevel', 'origMediaTransportAddress_IP',
  'origMediaTransportAddress_Port', 'origMediaCap_payloadCapability', 'origMediaCap_maxFramesPerPacket', 'origMediaCap_g723BitRate',
  'origVideoCap_Codec', 'origVideoCap_Bandwidth', 'origVideoCap_Resolution', 'origVideoTransportAddress_IP', 'origVideoTransportAddress_Port',
  'destLegIdentifier', 'destNodeId', 'destSpan', 'destIpAddr', 'destCause_location', 'destCause_value', 'destPrecedenceLevel',
  'destMediaTransportAddress_IP', 'destMediaTransportAddress_Port', 'destMediaCap_payloadCapability', 'destMediaCap_maxFramesPerPacket',
  'destMediaCap_g723BitRate', 'destVideoCap_Codec', 'destVideoCap_Bandwidth', 'destVideoCap_Resolution', 'destVideoTransportAddress_IP',
  'destVideoTransportAddress_Port', 'dateTimeConnect', 'dateTimeDisconnect', 'duration', 'origCallTerminationOnBehalfOf',
  'destCallTerminationOnBehalfOf', 'origCalledPartyRedirectOnBehalfOf', 'lastRedirectRedirectOnBehalfOf', 'origCalledPartyRedirectReason',
  'lastRedirectRedirectReason', 'destConversationId', 'joinOnBehalfOf', 'authorizationLevel', 'origDTMFMethod', 'destDTMFMethod',
  'callSecuredStatus', 'origConversationId', 'origMediaCap_Bandwidth', 'destMediaCap_Bandwidth', 'origVideoCap_Codec_Channel2',
  'origVideoCap_Bandwidth_Channel2', 'origVideoCap_Resolution_Channel2', 'origVideoTransportAddress_IP_Channel2',
  'origVideoTransportAddress_Port_Channel2', 'origVideoChannel_Role_Channel2', 'destVideoCap_Codec_Channel2',
  'destVideoCap_Bandwidth_Channel2', 'destVideoCap_Resolution_Channel2', 'destVideoTransportAddress_IP_Channel2',
  'destVideoTransportAddress_Port_Channel2', 'destVideoChannel_Role_Channel2', 'IncomingProtocolID', 'OutgoingProtocolID',
  'currentRoutingReason', 'origRoutingReason', 'lastRedirectingRoutingReason', 'calledPartyPatternUsage', 'wasCallQueued',
  'totalWaitTimeInQueue', 'origMobileCallDuration', 'destMobileCallDuration', 'mobileCallType',
]);

const integerCmrFields = new Set([
  'cdrRecordType', 'globalCallID_callManagerId', 'globalCallID_callId', 'nodeId', 'callIdentifier', 'dateTimeStamp', 'numberPacketsSent',
  'numberOctetsSent', 'numberPacketsReceived', 'numberOctetsReceived', 'numberPacketsLost', 'jitter', 'latency', 'duration',
  'videoDuration', 'numberVideoPacketsSent', 'numberVideoOctetsSent', 'numberVideoPacketsReceived', 'numberVideoOctetsReceived',
  'numberVideoPacketsLost', 'videoAverageJitter', 'videoRoundTripTime', 'videoOneWayDelay', 'videoDuration_channel2',
  'numberVideoPacketsSent_channel2', 'numberVideoOctetsSent_channel2', 'numberVideoPacketsReceived_channel2',
  'numberVideoOctetsReceived_channel2', 'numberVideoPacketsLost_channel2', 'videoAverageJitter_channel2', 'videoRoundTripTime_channel2',
  'videoOneWayDelay_channel2',
]);

const varcharLength: Record<string, number> = {
  origDeviceName: 129, destDeviceName: 129, comment: 2048, clientMatterCode: 32, origIpv4v6Addr: 64, destIpv4v6Addr: 64,
  origRSVPAudioStat: 64, origRSVPVideoStat: 64, destRSVPAudioStat: 64, destRSVPVideoStat: 64, callingPartyNumber_uri: 254,
  originalCalledPartyNumber_uri: 254, finalCalledPartyNumber_uri: 254, lastRedirectDn_uri: 254, origDeviceType: 100, destDeviceType: 100,
  origDeviceSessionID: 128, destDeviceSessionID: 128, deviceName: 129, varVQMetrics: 600, videoReceptionMetrics: 600,
  videoTransmissionMetrics: 600, videoReceptionMetrics_channel2: 600, videoTransmissionMetrics_channel2: 600, headsetMetrics: 1024,
  localSessionID: 128, remoteSessionID: 128, headsetSN: 128, videoContentType: 10, videoContentType_channel2: 10,
};

/** The field-types line value of a field, as CUCM writes line 2. */
export function cucmFieldType(kind: 'cdr' | 'cmr', field: string): string {
  if ((kind === 'cdr' ? integerCdrFields : integerCmrFields).has(field)) return 'INTEGER';
  if (field === 'pkid') return 'UNIQUEIDENTIFIER';
  return `VARCHAR(${varcharLength[field] ?? 50})`;
}

export function isIntegerField(kind: 'cdr' | 'cmr', field: string): boolean {
  return (kind === 'cdr' ? integerCdrFields : integerCmrFields).has(field);
}
