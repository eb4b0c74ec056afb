import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../config/index.js';

export interface MailToSend {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: Array<{ filename: string; contentType: string; content: Buffer }>;
  messageId: string;
}

/** How a failed delivery should be treated. */
export interface DeliveryFailure {
  permanent: boolean;
  reason: string;
}

export interface Mailer {
  readonly configured: boolean;
  send(mail: MailToSend): Promise<void>;
  close(): void;
}

/** nodemailer over SMTP, as the smtp config section says. */
export function createSmtpMailer(config: SmtpConfig): Mailer {
  if (config.host === '') {
    return {
      configured: false,
      send: () => Promise.reject(new Error('SMTP is not configured (smtp.host is empty)')),
      close: () => undefined,
    };
  }
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.security === 'tls',
    requireTLS: config.security === 'starttls',
    ignoreTLS: config.security === 'none',
    auth: config.username === '' ? undefined : { user: config.username, pass: config.password },
    tls: { rejectUnauthorized: config.rejectUnauthorized },
    connectionTimeout: config.timeoutMs,
    greetingTimeout: config.timeoutMs,
    socketTimeout: config.timeoutMs,
  });
  return {
    configured: true,
    async send(mail) {
      await transport.sendMail({
        from: config.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments,
        messageId: mail.messageId,
      });
    },
    close: () => transport.close(),
  };
}

/**
 * A 5xx reply to the message or its recipient will not change by retrying
 * (RFC 5321 §4.2.1); everything else (connection trouble, 4xx, a refused
 * login that an administrator may fix) is worth another attempt.
 */
export function classifyFailure(err: unknown): DeliveryFailure {
  const e = err as { responseCode?: number; code?: string; message?: string; response?: string };
  const reason = (e.response ?? e.message ?? String(err)).slice(0, 480);
  const permanent =
    typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600 && e.code !== 'EAUTH';
  return { permanent, reason };
}
