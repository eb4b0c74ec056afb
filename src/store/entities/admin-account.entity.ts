import { EntitySchema } from 'typeorm';
import { dateAsEpochMs } from '../epoch-transformer.js';

export type AdminRole = 'admin' | 'supervisor';

export interface AdminAccountRow {
  id: number;
  username: string;
  /** argon2id PHC string; never logged or returned. */
  passwordHash: string;
  role: AdminRole;
  /** Departments a supervisor may see (names); empty for admins, who see all. */
  departments: string[];
  createdAt: Date;
}

export const adminAccountEntity = new EntitySchema<AdminAccountRow>({
  name: 'AdminAccount',
  tableName: 'admin_accounts',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    username: { type: 'varchar', length: 120, unique: true },
    passwordHash: { name: 'password_hash', type: 'varchar', length: 255 },
    role: { type: 'varchar', length: 16 },
    departments: { type: 'simple-json' },
    createdAt: { name: 'created_at', type: 'bigint', transformer: dateAsEpochMs },
  },
});
