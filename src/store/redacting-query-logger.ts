import { AdvancedConsoleLogger, type QueryRunner } from 'typeorm';

/** Tables whose statements carry hashes or secrets: PIN hashes, password hashes, sign-in counters, sessions. */
const SENSITIVE =
  /\b(line_pins|admin_accounts|sign_in_failures|\w*sessions?\w*|\w*password\w*|\w*secret\w*|pin_hash)\b/i;

type Parameters = unknown[] | Record<string, unknown> | undefined;

/** The statement's parameters, each replaced by [redacted] when the statement touches a sensitive table or column. */
export function redactQueryParameters(query: string, parameters: Parameters): Parameters {
  if (!parameters || !SENSITIVE.test(query)) return parameters;
  if (Array.isArray(parameters)) return parameters.map(() => '[redacted]');
  return Object.fromEntries(Object.keys(parameters).map((k) => [k, '[redacted]']));
}

/** TypeORM's console query log (database.logQueries) that never prints PIN or password hashes, nor secrets. */
export class RedactingQueryLogger extends AdvancedConsoleLogger {
  override logQuery(query: string, parameters?: Parameters, queryRunner?: QueryRunner): void {
    super.logQuery(query, redactQueryParameters(query, parameters), queryRunner);
  }

  override logQueryError(error: string, query: string, parameters?: Parameters, queryRunner?: QueryRunner): void {
    super.logQueryError(error, query, redactQueryParameters(query, parameters), queryRunner);
  }

  override logQuerySlow(time: number, query: string, parameters?: Parameters, queryRunner?: QueryRunner): void {
    super.logQuerySlow(time, query, redactQueryParameters(query, parameters), queryRunner);
  }
}
