import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { smtpConfigSchema } from '../config/index.js';
import { outboxAttachmentEntity, outboxEntity, type OutboxRow } from '../store/index.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { startSmtpTestServer, type SmtpTestServer } from '../../test/notify/smtp-test-server.js';
import { createOutboxService, type OutboxOutcome, type OutboxService, type OutgoingMessage } from './index.js';

const log = pino({ level: 'silent' });

function message(
  key: string,
  recipient: string,
  subject = `Subject ${key}`,
  body = `Body of ${key}\n`,
): OutgoingMessage {
  return { dedupeKey: key, recipient, subject, body, origin: 'test', context: { key } };
}

describe.each(databaseKindsUnderTest())('the e-mail outbox on %s', (kind) => {
  let db: TestDatabase;
  let smtp: SmtpTestServer;
  let outbox: OutboxService;
  let outcomes: Array<Pick<OutboxOutcome, 'result' | 'error'> & { key: string }>;
  const clock = createManualClock('2026-03-02T09:00:00Z');

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(async () => db.close());

  beforeEach(async () => {
    smtp = await startSmtpTestServer();
    outcomes = [];
    await db.dataSource.getRepository(outboxEntity.options.name).clear();
    outbox = createOutboxService({
      dataSource: db.dataSource,
      smtp: smtpConfigSchema.parse({
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        from: 'Tollgate <tollgate@example.com>',
        maxAttempts: 3,
        retryDelaySeconds: 60,
      }),
      clock,
      log,
      pollIntervalMs: 60_000,
    });
    outbox.onOutcome('test', async (manager, o) => {
      // Recorded inside the transaction that settles the message: prove it by writing through the manager.
      expect(manager.queryRunner?.isTransactionActive).toBe(true);
      outcomes.push({ key: JSON.parse(o.message.context).key as string, result: o.result, error: o.error });
    });
  });
  afterEach(async () => {
    await outbox.stop();
    await smtp.close();
  });

  const rows = () => db.dataSource.getRepository<OutboxRow>(outboxEntity.options.name).find({ order: { id: 'ASC' } });
  const enqueue = (...messages: OutgoingMessage[]) => db.dataSource.transaction((m) => outbox.enqueue(m, messages));

  it('delivers queued messages to the SMTP server with their recipient, sender, subject and UTF-8 body', async () => {
    await enqueue(
      message('a', 'anna@example.com', 'Il budget «Vendite» è esaurito', 'Gentile Anna,\nresiduo € 0,00 — città\n'),
    );
    await outbox.runOnce();
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelopeTo).toEqual(['anna@example.com']);
    expect(mail?.envelopeFrom).toBe('tollgate@example.com');
    expect(mail?.subject).toBe('Il budget «Vendite» è esaurito');
    expect(mail?.text).toContain('residuo € 0,00 — città');
    expect((await rows()).map((r) => [r.status, r.attempts])).toEqual([['sent', 1]]);
    expect(outcomes).toEqual([{ key: 'a', result: 'sent', error: undefined }]);
  });

  it('delivers the files a message carries as attachments, byte for byte', async () => {
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80]);
    await enqueue({
      ...message('f', 'anna@example.com', 'Report', 'The report is attached.\n'),
      attachments: [{ filename: 'report.pdf', contentType: 'application/pdf', content: pdf }],
    });
    await outbox.runOnce();
    const [mail] = await smtp.waitFor(1);
    expect(mail?.text).toContain('The report is attached.');
    expect(mail?.attachments.map((a) => [a.filename, a.contentType])).toEqual([['report.pdf', 'application/pdf']]);
    expect(mail?.attachments[0]?.content.equals(pdf)).toBe(true);
  });

  it('queues one message per key: enqueueing the same event twice sends once', async () => {
    await enqueue(message('dup', 'bob@example.com'));
    await enqueue(message('dup', 'bob@example.com'));
    await outbox.runOnce();
    await outbox.runOnce();
    await smtp.waitFor(1);
    expect(smtp.received).toHaveLength(1);
    expect(await rows()).toHaveLength(1);
  });

  it('retries a temporary refusal after the backoff delay, then delivers', async () => {
    smtp.rejectNext(451);
    await enqueue(message('t', 'carla@example.com'));
    await outbox.runOnce();
    expect(smtp.received).toHaveLength(0);
    let [row] = await rows();
    expect(row?.status).toBe('queued');
    expect(row?.nextAttemptAt).toBe(clock.now().getTime() + 60_000);
    await outbox.runOnce();
    expect(smtp.received).toHaveLength(0);
    clock.advance(60_000);
    await outbox.runOnce();
    await smtp.waitFor(1);
    [row] = await rows();
    expect([row?.status, row?.attempts]).toEqual(['sent', 2]);
    expect(outcomes.map((o) => o.result)).toEqual(['retrying', 'sent']);
    expect(outcomes[0]?.error).toMatch(/451/);
  });

  it('doubles the delay after each failure and gives up after the configured attempts', async () => {
    smtp.rejectNext(421, 421, 421);
    await enqueue(message('g', 'dino@example.com'));
    const start = clock.now().getTime();
    await outbox.runOnce();
    expect((await rows())[0]?.nextAttemptAt).toBe(start + 60_000);
    clock.advance(60_000);
    await outbox.runOnce();
    expect((await rows())[0]?.nextAttemptAt).toBe(start + 60_000 + 120_000);
    clock.advance(120_000);
    await outbox.runOnce();
    const [row] = await rows();
    expect([row?.status, row?.attempts]).toEqual(['failed', 3]);
    expect(outcomes.map((o) => o.result)).toEqual(['retrying', 'retrying', 'failed']);
    expect(smtp.received).toHaveLength(0);
  });

  it('does not retry a permanent refusal (5xx)', async () => {
    smtp.rejectNext(550);
    await enqueue(message('p', 'nobody@example.com'));
    await outbox.runOnce();
    clock.advance(3_600_000);
    await outbox.runOnce();
    const [row] = await rows();
    expect([row?.status, row?.attempts]).toEqual(['failed', 1]);
    expect(row?.lastError).toMatch(/550/);
    expect(outcomes.map((o) => o.result)).toEqual(['failed']);
  });

  it('records a send interrupted by a crash as failed on start and never resends it', async () => {
    await enqueue(message('c', 'eva@example.com'));
    await db.dataSource
      .getRepository(outboxEntity.options.name)
      .update({ dedupeKey: 'c' }, { status: 'sending', attempts: 1 });
    await outbox.start();
    await outbox.runOnce();
    const [row] = await rows();
    expect(row?.status).toBe('failed');
    expect(row?.lastError).toMatch(/never delivered twice/);
    expect(smtp.received).toHaveLength(0);
    expect(outcomes.map((o) => o.result)).toEqual(['failed']);
  });

  it('keeps going when the SMTP server is down, and delivers once it is back', async () => {
    const port = smtp.port;
    await smtp.close();
    await enqueue(message('d', 'fabio@example.com'));
    await outbox.runOnce();
    expect((await rows())[0]?.status).toBe('queued');
    expect(outcomes[0]?.result).toBe('retrying');
    smtp = await startSmtpTestServer(port);
    clock.advance(60_000);
    await outbox.runOnce();
    await smtp.waitFor(1);
    expect((await rows())[0]?.status).toBe('sent');
  });
  it('sends a message with its attachments and HTML part byte for byte, then drops the stored files', async () => {
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10, 0x80]);
    const csv = Buffer.from('Numero;Città\n0612;Roma\n', 'utf8');
    await enqueue({
      ...message('att', 'dora@example.com', 'Rapporto', 'Allegati due file.\n'),
      html: '<p>Allegati <b>due</b> file.</p>',
      attachments: [
        { filename: 'costi.pdf', contentType: 'application/pdf', content: pdf },
        { filename: 'chiamate.csv', contentType: 'text/csv; charset=utf-8', content: csv },
      ],
    });
    await enqueue({
      ...message('att', 'dora@example.com'),
      attachments: [{ filename: 'again.pdf', contentType: 'application/pdf', content: pdf }],
    });
    expect(await db.dataSource.getRepository(outboxAttachmentEntity.options.name).count()).toBe(2);
    await outbox.runOnce();
    const [mail] = await smtp.waitFor(1);
    expect(mail?.text).toBe('Allegati due file.\n');
    expect(mail?.html).toBe('<p>Allegati <b>due</b> file.</p>');
    expect(mail?.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['costi.pdf', 'application/pdf'],
      ['chiamate.csv', 'text/csv'],
    ]);
    expect(mail?.attachments[0]?.content.equals(pdf)).toBe(true);
    expect(mail?.attachments[1]?.content.toString('utf8')).toBe('Numero;Città\n0612;Roma\n');
    expect(await db.dataSource.getRepository(outboxAttachmentEntity.options.name).count()).toBe(0);
  });
});
