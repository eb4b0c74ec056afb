import { z } from 'zod';

const email = z.email();

export const smtpConfigSchema = z
  .object({
    host: z
      .string()
      .default('')
      .describe('SMTP server for budget notices; empty = e-mail disabled (notices are recorded as not sent).'),
    port: z
      .number()
      .int()
      .min(1)
      .max(65535)
      .default(587)
      .describe('SMTP port (587 submission with STARTTLS, 465 implicit TLS, 25 relay).'),
    security: z
      .enum(['starttls', 'tls', 'none'])
      .default('starttls')
      .describe(
        'starttls = upgrade a plain connection and refuse to send without TLS; tls = TLS from the ' +
          'first byte (port 465); none = plain text (trusted relays only).',
      ),
    rejectUnauthorized: z
      .boolean()
      .default(true)
      .describe(
        'Refuse a server whose TLS certificate does not verify (turn off only for a relay with a ' +
          'self-signed certificate).',
      ),
    username: z.string().default('').describe('SMTP AUTH user name; empty = no authentication.'),
    password: z.string().default('').describe('SMTP AUTH password.'),
    from: z
      .string()
      .default('Tollgate <tollgate@localhost>')
      .describe('Sender (From:) of every notice, e.g. "Tollgate <tollgate@example.com>".'),
    adminAddresses: z
      .array(email)
      .default([])
      .describe('Administrators who receive notices for thresholds whose actions include "admins".'),
    timeoutMs: z
      .number()
      .int()
      .min(1000)
      .max(300000)
      .default(30000)
      .describe('Time allowed to connect to the server and to deliver one message.'),
    maxAttempts: z
      .number()
      .int()
      .min(1)
      .max(50)
      .default(8)
      .describe('Attempts per message before it is recorded as failed.'),
    retryDelaySeconds: z
      .number()
      .int()
      .min(1)
      .max(86400)
      .default(30)
      .describe('Delay before the first retry; doubled for each further one.'),
    maxRetryDelaySeconds: z
      .number()
      .int()
      .min(1)
      .max(86400)
      .default(3600)
      .describe('Longest delay between two attempts.'),
    templatesDir: z
      .string()
      .default('')
      .describe(
        'Folder of your own notice texts, <language>/<name>.txt (budget-threshold, budget-spent, ' +
          'budget-locked; first line "Subject: …"); ' +
          'each overrides the built-in text of that language only; empty = the built-in texts.',
      ),
  })
  .prefault({});

export type SmtpConfig = z.infer<typeof smtpConfigSchema>;
