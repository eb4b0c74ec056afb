import { performance } from 'node:perf_hooks';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import fc from 'fast-check';
import { pino, type Logger } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../src/clock.js';
import { createEventBus } from '../src/events/index.js';
import { curriTestConfig, sampleBody, sampleRequests, withValue } from '../test/curri/curri-test-kit.js';
import { applyEdits, xacmlEdit } from '../test/curri/xacml-mutations.js';
import { createTariffClassifier } from './classify-with-tariffs.js';
import { createCurriFactsCache } from './curri-facts-cache.js';
import { createCurriMetrics } from './curri-metrics.js';
import { compileCurriPolicy } from './curri-policy.js';
import { createCurriService } from './curri-service.js';
import type { DecisionRecord } from './decision-recorder.js';

const cixmlReader = new XMLParser({ processEntities: true, parseTagValue: false });

/**
 * A well-formed XACML answer CUCM can act on: one of the four decisions, and for Permit/Deny a well-formed CIXML
 * obligation that agrees.
 */
function expectWellFormedAnswer(xml: string): string {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><Response><Result><Decision>')).toBe(true);
  expect(XMLValidator.validate(xml)).toBe(true);
  const decision = /<Decision>(\w+)<\/Decision>/.exec(xml)?.[1] ?? '';
  expect(['Permit', 'Deny', 'Indeterminate', 'NotApplicable']).toContain(decision);
  if (decision === 'Permit' || decision === 'Deny') {
    const value = (
      cixmlReader.parse(xml) as {
        Response: { Result: { Obligations: { Obligation: { AttributeAssignment: { AttributeValue: string } } } } };
      }
    ).Response.Result.Obligations.Obligation.AttributeAssignment.AttributeValue;
    expect(XMLValidator.validate(value)).toBe(true);
    expect(value.includes('<reject>')).toBe(decision === 'Deny');
  }
  return decision;
}

async function service(curri: Record<string, unknown> = {}, logger: Logger = pino({ level: 'silent' })) {
  const config = curriTestConfig({ contexts: { sales: { partitions: ['PT_Sales'] } }, ...curri });
  const events = createEventBus(() => undefined);
  const facts = createCurriFactsCache({
    events,
    logger: pino({ level: 'silent' }),
    sources: {
      loadLines: async () => [
        { id: 1, extension: '2001', partition: 'PT_Internal', site: 'default', deviceNames: [] },
        { id: 2, extension: '1001', partition: 'PT_Sales', site: 'default', deviceNames: ['SEP001122334455'] },
      ],
      loadLocks: async () => [{ lineId: 1, kinds: ['admin'] }],
      loadExhaustedBudgets: async () => [{ budgetId: 1, lineIds: [2] }],
    },
  });
  await facts.warmUp();
  const records: DecisionRecord[] = [];
  const svc = createCurriService({
    policy: compileCurriPolicy(config.curri, config.sites),
    facts,
    classify: createTariffClassifier(),
    clock: createManualClock('2026-03-02T16:00:00Z'),
    recorder: { record: (r) => records.push(r) },
    metrics: createCurriMetrics({ registry: new Registry(), factsReady: () => facts.ready }),
    events,
    logger,
    render: { rejectAnnouncementElement: 'announce' },
    // Generous: this test is about answers, not speed (bench/curri.bench.ts measures speed).
    deadlineMs: 60_000,
    logPermits: config.curri.logPermits,
  });
  return { svc, records };
}

const bodies = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b).toString('latin1')),
  fc
    .tuple(fc.constantFrom(...sampleRequests), fc.array(xacmlEdit, { minLength: 1, maxLength: 6 }))
    .map(([name, edits]) => applyEdits(sampleBody(name), edits)),
);

describe('the CURRI service on random and mutated bodies', () => {
  it('never throws and always answers well-formed XACML, recording every answer with a reason', async () => {
    const { svc, records } = await service();
    const seen = new Set<string>();
    let runs = 0;
    fc.assert(
      fc.property(bodies, fc.constantFrom(undefined, 'sales', 'nowhere'), (body, context) => {
        runs++;
        seen.add(expectWellFormedAnswer(svc.answer(Buffer.from(body, 'latin1'), context, performance.now())));
      }),
      { numRuns: 5000 },
    );
    expect(records).toHaveLength(runs);
    expect(records.every((r) => r.reason !== undefined)).toBe(true);
    // Random bodies must have exercised both real decisions and the failure path.
    expect([...seen].sort()).toEqual(['Deny', 'Indeterminate', 'Permit']);
  });

  it('keeps answering well-formed XACML with every failure decision and announcement setting', async () => {
    for (const failureDecision of ['indeterminate', 'notapplicable', 'permit', 'deny']) {
      const { svc } = await service({
        failureDecision,
        announcements: { locked: 'custom_locked' },
        locked: { treatment: 'divert', divertDestination: '5999' },
      });
      fc.assert(
        fc.property(bodies, (body) => {
          expectWellFormedAnswer(svc.answer(Buffer.from(body, 'latin1'), undefined, performance.now()));
        }),
        { numRuns: 500 },
      );
      expectWellFormedAnswer(svc.fail('body-too-large', null, undefined, performance.now()));
      expectWellFormedAnswer(svc.fail('deadline-exceeded', Buffer.from('<Request'), 'sales', performance.now()));
    }
  });
});

describe('the CURRI decision log', () => {
  const lockedCallerDialsOut = Buffer.from(sampleBody('01-request-cucm-capture-translationpattern.xml'));
  // Both forms of the called number inside: one alone could be transformed to anywhere (issue 14).
  const dialsInside = withValue(
    withValue(sampleBody('01-request-cucm-capture-translationpattern.xml'), 'callednumber', '1001'),
    'transformedcdpn',
    '1001',
  );
  const lockedCallerDialsInside = Buffer.from(dialsInside);

  it('logs denials at info, and permits at info only with logPermits (else at debug)', async () => {
    for (const [logPermits, level] of [
      [false, 'info'],
      [true, 'info'],
      [false, 'debug'],
    ] as const) {
      const lines: Array<{ level: number; outcome: string; reason: string; msg: string }> = [];
      const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line)) });
      const { svc } = await service({ logPermits }, logger);
      expect(svc.answer(lockedCallerDialsOut, undefined, performance.now())).toContain('<Decision>Deny</Decision>');
      expect(svc.answer(lockedCallerDialsInside, undefined, performance.now())).toContain(
        '<Decision>Permit</Decision>',
      );
      const decisions = lines
        .filter((l) => l.msg === 'curri decision')
        .map((l) => `${l.level}:${l.outcome}:${l.reason}`);
      const permitLine = logPermits ? ['30:permit:internal'] : level === 'debug' ? ['20:permit:internal'] : [];
      expect(decisions).toEqual(['30:deny:locked-admin', ...permitLine]);
    }
  });
});
