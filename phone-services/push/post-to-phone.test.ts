import { describe, expect, it } from 'vitest';
import { judgeReply } from './post-to-phone.js';

describe('reading a phone reply to a push', () => {
  it('takes a CiscoIPPhoneResponse as delivered', () => {
    const body =
      '<?xml version="1.0" encoding="iso-8859-1"?><CiscoIPPhoneResponse><ResponseItem Status="0" ' +
      'Data="" URL="http://host/test.xml"/></CiscoIPPhoneResponse>';
    expect(judgeReply(200, body)).toMatchObject({ ok: true });
  });
  it('does not retry refused credentials (error 4) or a rejected object (error 1)', () => {
    expect(judgeReply(200, '<CiscoIPPhoneError Number="4"/>')).toEqual({
      ok: false,
      retry: false,
      reason: 'CiscoIPPhoneError 4: authentication refused',
    });
    expect(judgeReply(200, '<CiscoIPPhoneError Number = "1" />')).toEqual({
      ok: false,
      retry: false,
      reason: 'CiscoIPPhoneError 1',
    });
    expect(judgeReply(401, '')).toMatchObject({ ok: false, retry: false });
  });
  it('retries a phone that is busy or rebooting', () => {
    expect(judgeReply(500, '')).toMatchObject({ ok: false, retry: true });
    expect(judgeReply(503, 'Server Busy!')).toMatchObject({ ok: false, retry: true });
    expect(judgeReply(200, '<CiscoIPPhoneError Number="3"/>')).toMatchObject({ ok: false, retry: true });
  });
});
