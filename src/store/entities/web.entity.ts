import { EntitySchema } from 'typeorm';
import { dateAsEpochMs } from '../epoch-transformer.js';

/**
 * A signed-in browser. `id` is the SHA-256 of the cookie's token (hex), so a
 * copy of the table signs nobody in. The role is the one granted at sign-in.
 */
export interface WebSessionRow {
  id: string;
  username: string;
  role: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  /** The synchronizer token forms and htmx requests must echo. */
  csrfSecret: string;
  address: string;
  userAgent: string;
  /** The sign-in source that opened it (`local`, `ldap`); an LDAP grant counts only in `ldap` sessions. */
  source: string;
  /** `gadget`: signed in from a Jabber or Webex gadget, with the gadgets' longer lifetimes. */
  kind: string;
}

/** Per-person web settings: the local password of a directory user without an admin account, the chosen language. */
export interface WebAccountRow {
  id: number;
  username: string;
  /** argon2id PHC string; null until an administrator or the user sets one. */
  passwordHash: string | null;
  language: string | null;
  /** The role the person's LDAP/AD groups granted at their last LDAP sign-in; null if they never signed in so. */
  grantedRole: string | null;
  /** The departments that grant lets a supervisor see. */
  grantedDepartments: string[] | null;
  grantedAt: Date | null;
  updatedAt: Date;
}

export const webSessionEntity = new EntitySchema<WebSessionRow>({
  name: 'WebSession',
  tableName: 'web_sessions',
  columns: {
    id: { type: 'varchar', length: 64, primary: true },
    username: { type: 'varchar', length: 120 },
    role: { type: 'varchar', length: 16 },
    createdAt: { name: 'created_at', type: 'bigint', transformer: dateAsEpochMs },
    lastSeenAt: { name: 'last_seen_at', type: 'bigint', transformer: dateAsEpochMs },
    expiresAt: { name: 'expires_at', type: 'bigint', transformer: dateAsEpochMs },
    csrfSecret: { name: 'csrf_secret', type: 'varchar', length: 64 },
    address: { type: 'varchar', length: 64, default: '' },
    userAgent: { name: 'user_agent', type: 'varchar', length: 300, default: '' },
    source: { type: 'varchar', length: 16, default: '' },
    kind: { type: 'varchar', length: 16, default: 'portal' },
  },
});

/** A person's dashboard: the widgets, their zones and whether minimised, as JSON (the web portal validates it). */
export interface DashboardLayoutRow {
  username: string;
  layout: string;
  updatedAt: Date;
}

export const dashboardLayoutEntity = new EntitySchema<DashboardLayoutRow>({
  name: 'DashboardLayout',
  tableName: 'dashboard_layouts',
  columns: {
    username: { type: 'varchar', length: 120, primary: true },
    layout: { type: 'text' },
    updatedAt: { name: 'updated_at', type: 'bigint', transformer: dateAsEpochMs },
  },
});

/** A report someone ran from the portal, so Home can offer it again (the report history). */
export interface ReportRunRow {
  id: number;
  username: string;
  title: string;
  /** The portal path that runs it again. */
  href: string;
  ranAt: Date;
}

export const reportRunEntity = new EntitySchema<ReportRunRow>({
  name: 'ReportRun',
  tableName: 'report_runs',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    username: { type: 'varchar', length: 120 },
    title: { type: 'varchar', length: 200 },
    href: { type: 'varchar', length: 2000 },
    ranAt: { name: 'ran_at', type: 'bigint', transformer: dateAsEpochMs },
  },
});

export const webAccountEntity = new EntitySchema<WebAccountRow>({
  name: 'WebAccount',
  tableName: 'web_accounts',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    username: { type: 'varchar', length: 120, unique: true },
    passwordHash: { name: 'password_hash', type: 'varchar', length: 255, nullable: true },
    language: { type: 'varchar', length: 8, nullable: true },
    grantedRole: { name: 'granted_role', type: 'varchar', length: 16, nullable: true },
    grantedDepartments: { name: 'granted_departments', type: 'simple-json', nullable: true },
    grantedAt: { name: 'granted_at', type: 'bigint', nullable: true, transformer: dateAsEpochMs },
    updatedAt: { name: 'updated_at', type: 'bigint', transformer: dateAsEpochMs },
  },
});
