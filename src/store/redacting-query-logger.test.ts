import { describe, expect, it } from 'vitest';
import { redactQueryParameters } from './redacting-query-logger.js';

describe('query log redaction', () => {
  it('redacts every parameter of statements on PIN, password, sign-in and session tables', () => {
    expect(
      redactQueryParameters('UPDATE "line_pins" SET "pin_hash" = ? WHERE "line_id" = ?', ['$argon2id$v=19$...', 7]),
    ).toEqual(['[redacted]', '[redacted]']);
    expect(
      redactQueryParameters('INSERT INTO "admin_accounts"("username", "password_hash") VALUES ($1, $2)', [
        'root',
        '$argon2id$x',
      ]),
    ).toEqual(['[redacted]', '[redacted]']);
    expect(redactQueryParameters('SELECT * FROM web_sessions WHERE token = :t', { t: 'abc' })).toEqual({
      t: '[redacted]',
    });
    expect(
      redactQueryParameters('INSERT INTO sign_in_failures (scope, subject) VALUES (?, ?)', ['account', 'root']),
    ).toEqual(['[redacted]', '[redacted]']);
  });

  it('keeps the parameters of other statements for debugging', () => {
    expect(redactQueryParameters('SELECT * FROM calls WHERE started_at >= ?', [1000])).toEqual([1000]);
    expect(redactQueryParameters('SELECT 1', undefined)).toBeUndefined();
  });
});
