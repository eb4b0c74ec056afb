import { describe, expect, it } from 'vitest';
import type { DirectorySnapshot } from '../src/directory/index.js';
import { classifyCall, classifyCallInto, createCallClassification, type ClassifyContext } from './classify-call.js';
import { createDirectoryIndex } from './directory-index.js';
import { createOutgoingLegMemory } from './outgoing-legs.js';
import { blankCallRecord } from './testing/blank-call-record.js';

const line = (id: number, extension: string, partition: string, userId: number | null = id) => ({
  id,
  extension,
  partition,
  site: 'milan',
  userId,
  description: '',
  user: userId === null ? null : ({ id: userId, departmentId: 10 + id, costCentreId: 20 + id } as never),
  devices: [],
});
const snapshot = {
  lines: [
    line(1, '2001', 'PT_A'),
    line(2, '2002', 'PT_A'),
    line(3, '3000', 'PT_A'),
    line(4, '3000', 'PT_B'),
    line(5, '2005', 'PT_A'),
  ],
  gateways: [
    {
      id: 1,
      deviceName: 'GW_MILANO',
      kind: 'gateway',
      carrier: 'Carrier',
      site: 'milan-gw',
      pstn: true,
      description: '',
    },
    { id: 2, deviceName: 'ICT_LONDON', kind: 'trunk', carrier: null, site: null, pstn: false, description: '' },
  ],
} as unknown as DirectorySnapshot;

function context(patterns: string[] = []): ClassifyContext {
  const legs = createOutgoingLegMemory();
  legs.remember(
    { clusterId: 'C', globalCallManagerId: 1, globalCallId: 50, legId: 502 },
    { dialledNumber: '0212340000', numberForm: 'outpulsed', ownerExtension: '2005', ownerPartition: 'PT_A' },
  );
  return {
    directory: createDirectoryIndex(snapshot, { pstnDevicePatterns: patterns }),
    isInternalNumber: (n) => /^[2-3][0-9]{3}$/.test(n),
    outgoingLeg: (key) => legs.recall(key),
  };
}

const call = blankCallRecord;

describe('call classification', () => {
  it('finds the owner by extension and partition when the same extension exists in two partitions', () => {
    const c = classifyCall(
      call({
        callingNumber: '3000',
        callingPartition: 'PT_B',
        finalCalledNumber: '0212345678',
        origDevice: 'SEP1',
        destDevice: 'GW_MILANO',
      }),
      context(),
    );
    expect(c.owner).toMatchObject({
      extension: '3000',
      partition: 'PT_B',
      known: true,
      line: { lineId: 4, departmentId: 14 },
    });
  });

  it('takes a partition-less number as the line when the extension exists in one partition only', () => {
    const c = classifyCall(
      call({ callingNumber: '2001', finalCalledNumber: '2002', origDevice: 'SEP1', destDevice: 'SEP2' }),
      context(),
    );
    expect(c.owner).toMatchObject({ extension: '2001', partition: 'PT_A', known: true });
    const ambiguous = classifyCall(
      call({ callingNumber: '3000', finalCalledNumber: '2002', origDevice: 'SEP1', destDevice: 'SEP2' }),
      context(),
    );
    expect(ambiguous.owner).toEqual({ extension: '3000', partition: '', known: false, line: null });
  });

  it('treats configured device-name patterns as PSTN gateways, the directory first', () => {
    const viaPattern = call({
      callingNumber: '2001',
      callingPartition: 'PT_A',
      finalCalledNumber: '0612345',
      origDevice: 'SEP1',
      destDevice: 'SIP_PSTN_ROME',
    });
    expect(classifyCall(viaPattern, context()).direction).toBe('internal');
    expect(classifyCall(viaPattern, context(['^SIP_PSTN_'])).direction).toBe('outgoing');
    const onNet = call({
      callingNumber: '2001',
      callingPartition: 'PT_A',
      finalCalledNumber: '4401',
      origDevice: 'SEP1',
      destDevice: 'ICT_LONDON',
    });
    expect(classifyCall(onNet, context(['^ICT_'])).direction).toBe('internal');
  });

  it('rates by the outpulsed number and the gateway site when there is one', () => {
    const c = classifyCall(
      call({
        callingNumber: '2001',
        callingPartition: 'PT_A',
        finalCalledNumber: '00212345678',
        outpulsedCalledNumber: '0212345678',
        origDevice: 'SEP1',
        destDevice: 'GW_MILANO',
      }),
      context(),
    );
    expect(c).toMatchObject({
      direction: 'outgoing',
      dialledNumber: '0212345678',
      numberingSite: 'milan-gw',
      site: 'milan',
      gateway: { carrier: 'Carrier' },
    });
  });

  it('makes the caller pay when an unlisted number (a hunt pilot) forwarded the call out', () => {
    const c = classifyCall(
      call({
        callingNumber: '2002',
        callingPartition: 'PT_A',
        originalCalledNumber: '5000',
        finalCalledNumber: '3331234567',
        lastRedirectDn: '5000',
        origDevice: 'SEP2',
        destDevice: 'GW_MILANO',
      }),
      context(),
    );
    expect(c.owner).toMatchObject({ extension: '2002', known: true });
  });

  it('classifies a call that reached no device by its number', () => {
    const internal = classifyCall(
      call({
        callingNumber: '2001',
        callingPartition: 'PT_A',
        finalCalledNumber: '2999',
        origDevice: 'SEP1',
        connectedAt: null,
      }),
      context(),
    );
    expect(internal).toMatchObject({ direction: 'internal', answered: false });
    const out = classifyCall(
      call({
        callingNumber: '2001',
        callingPartition: 'PT_A',
        finalCalledNumber: '00331234',
        origDevice: 'SEP1',
        connectedAt: null,
      }),
      context(),
    );
    expect(out).toMatchObject({ direction: 'outgoing', answered: false, gateway: null });
    expect(classifyCall(call({ finalCalledNumber: '2001' }), context()).direction).toBe('unknown');
  });

  it('keeps the rest of a transferred outgoing call outgoing, owned by the line that dialled it', () => {
    const c = classifyCall(
      call({
        globalCallId: 50,
        origLegId: 502,
        destLegId: 604,
        callingNumber: '0212340000',
        finalCalledNumber: '2002',
        finalCalledPartition: 'PT_A',
        lastRedirectDn: '2005',
        origDevice: 'GW_MILANO',
        destDevice: 'SEP2',
        joinOnBehalfOf: 10,
      }),
      context(),
    );
    expect(c).toMatchObject({
      direction: 'outgoing',
      dialledNumber: '0212340000',
      owner: { extension: '2005', known: true },
      gateway: { deviceName: 'GW_MILANO' },
    });
    const plainIncoming = classifyCall(
      call({
        globalCallId: 51,
        origLegId: 502,
        callingNumber: '0212340000',
        finalCalledNumber: '2002',
        finalCalledPartition: 'PT_A',
        origDevice: 'GW_MILANO',
        destDevice: 'SEP2',
        joinOnBehalfOf: 10,
      }),
      context(),
    );
    expect(plainIncoming).toMatchObject({ direction: 'incoming', owner: { extension: '2002' } });
  });
});

describe('classification into one reused object', () => {
  it('gives every call the answer classifyCall gives, nothing left over from the call before', () => {
    const calls = [
      call({
        callingNumber: '3000',
        callingPartition: 'PT_B',
        finalCalledNumber: '0212345678',
        origDevice: 'SEP1',
        destDevice: 'GW_MILANO',
        outpulsedCalledNumber: '212345678',
      }),
      call({ callingNumber: '3000', finalCalledNumber: '2002', origDevice: 'SEP1', destDevice: 'SEP2' }),
      call({
        callingNumber: '0212340000',
        finalCalledNumber: '2002',
        finalCalledPartition: 'PT_A',
        origDevice: 'GW_MILANO',
        destDevice: 'SEP2',
      }),
      call({
        globalCallId: 50,
        origLegId: 502,
        callingNumber: '0212340000',
        finalCalledNumber: '2002',
        finalCalledPartition: 'PT_A',
        lastRedirectDn: '2005',
        origDevice: 'GW_MILANO',
        destDevice: 'SEP2',
        joinOnBehalfOf: 10,
      }),
      call({
        callingNumber: '2002',
        callingPartition: 'PT_A',
        originalCalledNumber: '5000',
        finalCalledNumber: '3331234567',
        lastRedirectDn: '5000',
        origDevice: 'SEP2',
        destDevice: 'GW_MILANO',
      }),
      call({ callingNumber: '2001', callingPartition: 'PT_A', finalCalledNumber: '2999', origDevice: 'SEP1' }),
      call({ finalCalledNumber: '2001' }),
    ];
    const ctx = context();
    const reused = createCallClassification();
    for (const c of [...calls, ...calls.slice().reverse()])
      expect({ ...classifyCallInto(c, ctx, reused) }).toEqual(classifyCall(c, ctx));
  });
});
