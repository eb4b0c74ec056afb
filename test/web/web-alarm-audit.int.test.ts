import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../src/audit/index.js';
import { formSession, signIn, startWebDaemon, type WebDaemon } from './web-daemon.js';

let daemon: WebDaemon;

beforeAll(async () => {
  daemon = await startWebDaemon();
}, 90_000);

afterAll(async () => {
  await daemon?.close();
});

const entries = async (family: string): Promise<AuditRecord[]> =>
  (await daemon.tollgate.audit.list({ action: family, limit: 100, offset: 0 })).reverse();

const alarmForm = (description: string) => ({
  kind: 'international',
  description,
  every: '1',
  unit: 'days',
  start: '2026-03-02T08:00',
  timeZone: 'Europe/Rome',
  recipients: 'desk@example.com',
  active: '1',
});

const reportForm = (description: string) => ({
  description,
  report: 'call-monitor',
  period: 'yesterday',
  recipients: 'desk@example.com',
  format: 'csv',
  start: '2026-03-02T08:00',
  timeZone: 'Europe/Rome',
  every: '1',
  unit: 'days',
});

describe('administrative actions on alarms and scheduled reports from the web are audited', () => {
  it('records one entry per alarm action with the web account, its role and the web door', async () => {
    const admin = await formSession(daemon.baseUrl, await signIn(daemon.baseUrl, 'admin'));
    expect((await admin.post('/alarms', alarmForm('Calls abroad'))).status).toBe(303);
    const [alarm] = await daemon.tollgate.alarms.service.list({ name: 'admin', role: 'admin' });
    const id = alarm!.id;
    expect((await admin.post(`/alarms/${id}`, alarmForm('Calls abroad, daily'))).status).toBe(303);
    expect((await admin.post(`/alarms/${id}/active`, { active: '0' })).status).toBe(303);
    expect((await admin.post(`/alarms/${id}/active`, { active: '1' })).status).toBe(303);
    expect((await admin.post(`/alarms/${id}/run`)).status).toBe(303);
    expect((await admin.post(`/alarms/${id}/delete`)).status).toBe(303);

    const audited = await entries('alarm.');
    expect(audited.map((e) => e.action)).toEqual([
      'alarm.create',
      'alarm.edit',
      'alarm.pause',
      'alarm.resume',
      'alarm.run-now',
      'alarm.delete',
    ]);
    for (const e of audited) {
      expect(e).toMatchObject({ actor: 'admin', role: 'admin', via: 'web', from: '127.0.0.1' });
      expect(e.target).toMatch(new RegExp(`^alarm ${id} \\(Calls abroad`));
    }
    expect(audited[4]!.detail).toMatchObject({ kind: 'international', result: 'no-alarm' });
  });

  it('records one entry per scheduled-report action with the web account and the web door', async () => {
    const andrea = await formSession(daemon.baseUrl, await signIn(daemon.baseUrl, 'andrea.sonnino'));
    expect((await andrea.post('/reports/scheduled', reportForm('My calls'))).status).toBe(303);
    const [schedule] = await daemon.tollgate.scheduledReports.list({ name: 'andrea.sonnino', role: 'user' });
    const id = schedule!.id;
    expect((await andrea.post(`/reports/scheduled/${id}`, reportForm('My calls, daily'))).status).toBe(303);
    for (const action of ['pause', 'resume', 'run', 'delete'])
      expect((await andrea.post(`/reports/scheduled/${id}/${action}`)).status).toBe(303);

    const audited = await entries('scheduled-report.');
    expect(audited.map((e) => e.action)).toEqual([
      'scheduled-report.create',
      'scheduled-report.edit',
      'scheduled-report.pause',
      'scheduled-report.resume',
      'scheduled-report.run-now',
      'scheduled-report.delete',
    ]);
    for (const e of audited) {
      expect(e).toMatchObject({ actor: 'andrea.sonnino', role: 'user', via: 'web', from: '127.0.0.1' });
      expect(e.target).toMatch(new RegExp(`^scheduled report ${id} \\(My calls`));
      expect(e.detail).toMatchObject({ report: 'call-monitor', owner: 'andrea.sonnino' });
    }
  });

  it('leaves no entry and changes nothing when the role may not act', async () => {
    const admin = await formSession(daemon.baseUrl, await signIn(daemon.baseUrl, 'admin'));
    expect((await admin.post('/alarms', alarmForm('Night calls'))).status).toBe(303);
    expect((await admin.post('/reports/scheduled', reportForm('Everyone'))).status).toBe(303);
    const [alarm] = await daemon.tollgate.alarms.service.list({ name: 'admin', role: 'admin' });
    const [schedule] = await daemon.tollgate.scheduledReports.list({ name: 'admin', role: 'admin' });
    const before = (await daemon.tollgate.audit.list({ limit: 1000, offset: 0 })).length;

    // A user may not have alarms at all, and does not reach someone else's scheduled report.
    const marco = await formSession(daemon.baseUrl, await signIn(daemon.baseUrl, 'marco.rossi'));
    expect((await marco.post('/alarms', alarmForm('Mine'))).status).toBe(403);
    expect((await marco.post(`/alarms/${alarm!.id}`, alarmForm('Changed'))).status).toBe(403);
    for (const action of ['active', 'run', 'delete'])
      expect((await marco.post(`/alarms/${alarm!.id}/${action}`, { active: '0' })).status).toBe(403);
    expect((await marco.post(`/reports/scheduled/${schedule!.id}`, reportForm('Changed'))).status).toBe(404);
    for (const action of ['pause', 'resume', 'run', 'delete'])
      expect((await marco.post(`/reports/scheduled/${schedule!.id}/${action}`)).status).toBe(404);

    expect((await daemon.tollgate.audit.list({ limit: 1000, offset: 0 })).length).toBe(before);
    const alarms = await daemon.tollgate.alarms.service.list({ name: 'admin', role: 'admin' });
    expect(alarms).toEqual([expect.objectContaining({ id: alarm!.id, description: 'Night calls', active: true })]);
    const schedules = await daemon.tollgate.scheduledReports.list({ name: 'admin', role: 'admin' });
    expect(schedules).toEqual([
      expect.objectContaining({ id: schedule!.id, description: 'Everyone', paused: false, lastRunAt: null }),
    ]);
  });
});
