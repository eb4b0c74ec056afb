import { argon2id, hash } from 'argon2';
import type { DataSource } from 'typeorm';
import type { Clock } from '../../clock.js';
import { BadInputError } from '../../errors/index.js';
import { webAccountEntity, type WebAccountRow } from '../../store/index.js';
import type { SignInGrant } from './sign-in-source.js';

/** OWASP's argon2id baseline, as admin accounts use (adminPasswordHashOptions). */
export const webPasswordHashOptions = { type: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_WEB_PASSWORD_LENGTH = 10;

/** Local passwords of directory users without an admin account, and everyone's chosen language. */
export interface WebAccountStore {
  find(username: string): Promise<WebAccountRow | null>;
  setPasswordHash(username: string, passwordHash: string): Promise<void>;
  setLanguage(username: string, language: string): Promise<void>;
  /** Keeps what the person's LDAP/AD groups grant now (a plain `user` grant revokes an earlier one). */
  setGrant(username: string, grant: SignInGrant): Promise<void>;
}

export function checkNewPassword(password: string): void {
  if (password.length < MIN_WEB_PASSWORD_LENGTH)
    throw new BadInputError(`a password needs at least ${MIN_WEB_PASSWORD_LENGTH} characters`);
}

export async function hashWebPassword(password: string): Promise<string> {
  checkNewPassword(password);
  return hash(password, webPasswordHashOptions);
}

export function createWebAccountStore(deps: { dataSource: DataSource; clock: Clock }): WebAccountStore {
  const repo = () => deps.dataSource.getRepository<WebAccountRow>(webAccountEntity.options.name);
  type Changes = Partial<Omit<WebAccountRow, 'id' | 'username' | 'updatedAt'>>;
  async function upsert(username: string, changes: Changes): Promise<void> {
    const now = deps.clock.now();
    const row = await repo().findOneBy({ username });
    if (row) await repo().update({ id: row.id }, { ...changes, updatedAt: now });
    else {
      const blank = { passwordHash: null, language: null, grantedRole: null, grantedDepartments: null };
      await repo().insert({ username, ...blank, grantedAt: null, ...changes, updatedAt: now });
    }
  }
  return {
    find: (username) => repo().findOneBy({ username }),
    setPasswordHash: (username, passwordHash) => upsert(username, { passwordHash }),
    setLanguage: (username, language) => upsert(username, { language }),
    setGrant: (username, grant) =>
      upsert(username, { grantedRole: grant.role, grantedDepartments: grant.departments, grantedAt: deps.clock.now() }),
  };
}
