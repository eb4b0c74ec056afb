import { argon2id, hash, verify } from 'argon2';
import type { DataSource } from 'typeorm';
import { BadInputError, ConflictError, NotFoundError } from '../errors/index.js';
import { adminAccountEntity, type AdminAccountRow, type AdminRole } from '../store/index.js';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): slow for guessing, fine for logins. */
export const adminPasswordHashOptions = { type: argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export interface AdminAccount {
  id: number;
  username: string;
  role: AdminRole;
  departments: string[];
  createdAt: Date;
}

export interface AdminAccountService {
  create(input: { username: string; password: string; role: AdminRole; departments?: string[] }): Promise<AdminAccount>;
  setPassword(username: string, password: string): Promise<void>;
  /** The account when the password matches, else null. Takes as long for unknown users as for known ones. */
  verify(username: string, password: string): Promise<AdminAccount | null>;
  list(): Promise<AdminAccount[]>;
  /** The account with this username, or null. */
  find(username: string): Promise<AdminAccount | null>;
  /** Whether at least one administrator exists (the web's first-run check). */
  hasAdministrator(): Promise<boolean>;
  remove(username: string): Promise<void>;
}

const MIN_PASSWORD_LENGTH = 10;

export function createAdminAccountService(deps: {
  dataSource: DataSource;
  clock: { now(): Date };
}): AdminAccountService {
  const repo = () => deps.dataSource.getRepository<AdminAccountRow>(adminAccountEntity.options.name);
  let dummyHash: Promise<string> | null = null;

  function checkPassword(password: string): void {
    if (password.length < MIN_PASSWORD_LENGTH)
      throw new BadInputError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }

  return {
    async create({ username, password, role, departments = [] }) {
      if (!/^[A-Za-z0-9._@-]{2,120}$/.test(username))
        throw new BadInputError('a username is 2–120 letters, digits, or . _ @ -');
      checkPassword(password);
      if (role === 'supervisor' && departments.length === 0)
        throw new BadInputError('a supervisor needs at least one department (--department)');
      if (await repo().findOneBy({ username })) throw new ConflictError(`admin account ${username} already exists`);
      const row = await repo().save({
        username,
        passwordHash: await hash(password, adminPasswordHashOptions),
        role,
        departments: role === 'admin' ? [] : departments,
        createdAt: deps.clock.now(),
      });
      return toAccount(row);
    },
    async setPassword(username, password) {
      checkPassword(password);
      const row = await repo().findOneBy({ username });
      if (!row) throw new NotFoundError(`no admin account ${username}`);
      await repo().update({ id: row.id }, { passwordHash: await hash(password, adminPasswordHashOptions) });
    },
    async verify(username, password) {
      const row = await repo().findOneBy({ username });
      if (!row) {
        dummyHash ??= hash('not-a-real-password', adminPasswordHashOptions);
        await verify(await dummyHash, password);
        return null;
      }
      return (await verify(row.passwordHash, password)) ? toAccount(row) : null;
    },
    async list() {
      return (await repo().find({ order: { username: 'ASC' } })).map(toAccount);
    },
    async find(username) {
      const row = await repo().findOneBy({ username });
      return row ? toAccount(row) : null;
    },
    async hasAdministrator() {
      return (await repo().countBy({ role: 'admin' })) > 0;
    },
    async remove(username) {
      const result = await repo().delete({ username });
      if (!result.affected) throw new NotFoundError(`no admin account ${username}`);
    },
  };
}

function toAccount(row: AdminAccountRow): AdminAccount {
  return { id: row.id, username: row.username, role: row.role, departments: row.departments, createdAt: row.createdAt };
}
