import { createHash, randomBytes } from 'node:crypto';
import { LessThan, type DataSource } from 'typeorm';
import type { Clock } from '../../clock.js';
import { webSessionEntity, type WebSessionRow } from '../../store/index.js';

/** A signed-in browser; its cookie carries a token whose SHA-256 is the row's id. */
export type WebSession = WebSessionRow;

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
  /** Sessions signed in from a Jabber or Webex gadget (configurable, usually far longer). */
  gadget?: { idleHours: number; absoluteDays: number };
}

/** A portal session, or a gadget's (signed in from a Jabber custom tab or a Webex embedded app). */
export type SessionKind = 'portal' | 'gadget';

export interface SessionStore {
  /** A new session; the token goes into the cookie and is never stored. */
  create(input: {
    username: string;
    role: string;
    source: string;
    address: string;
    userAgent: string;
    kind?: SessionKind;
  }): Promise<{ token: string; session: WebSession }>;
  /** The live session of a token, or null (unknown, idle too long, or past its absolute end: then removed). */
  find(token: string): Promise<WebSession | null>;
  remove(token: string): Promise<void>;
  /** Drops every expired row (run now and then). */
  sweep(): Promise<number>;
}

/** Last-seen is written at most this often: a page of htmx requests is not a page of writes. */
const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function createSessionStore(deps: {
  dataSource: DataSource;
  clock: Clock;
  settings: SessionSettings;
}): SessionStore {
  const repo = () => deps.dataSource.getRepository<WebSessionRow>(webSessionEntity.options.name);
  const gadget = deps.settings.gadget;
  const lifetimes: Record<SessionKind, { idleMs: number; absoluteMs: number }> = {
    portal: { idleMs: deps.settings.idleMinutes * 60_000, absoluteMs: deps.settings.absoluteHours * 3_600_000 },
    gadget: gadget
      ? { idleMs: gadget.idleHours * 3_600_000, absoluteMs: gadget.absoluteDays * 86_400_000 }
      : { idleMs: deps.settings.idleMinutes * 60_000, absoluteMs: deps.settings.absoluteHours * 3_600_000 },
  };
  const lifetimeOf = (kind: string) => lifetimes[kind === 'gadget' ? 'gadget' : 'portal'];
  return {
    async create(input) {
      const token = randomBytes(32).toString('base64url');
      const now = deps.clock.now();
      const kind = input.kind ?? 'portal';
      const { absoluteMs } = lifetimeOf(kind);
      const session: WebSession = {
        id: hashToken(token),
        username: input.username,
        role: input.role,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + absoluteMs),
        csrfSecret: randomBytes(32).toString('base64url'),
        address: input.address.slice(0, 64),
        userAgent: input.userAgent.slice(0, 300),
        source: input.source,
        kind,
      };
      await repo().insert(session);
      return { token, session };
    },
    async find(token) {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
      const id = hashToken(token);
      const row = await repo().findOneBy({ id });
      if (!row) return null;
      const now = deps.clock.now().getTime();
      if (now >= row.expiresAt.getTime() || now - row.lastSeenAt.getTime() >= lifetimeOf(row.kind).idleMs) {
        await repo().delete({ id });
        return null;
      }
      if (now - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
        row.lastSeenAt = new Date(now);
        await repo().update({ id }, { lastSeenAt: row.lastSeenAt });
      }
      return row;
    },
    async remove(token) {
      await repo().delete({ id: hashToken(token) });
    },
    async sweep() {
      const now = deps.clock.now().getTime();
      const expired = await repo().delete({ expiresAt: LessThan(new Date(now)) });
      const idle = await repo().delete({
        kind: 'portal',
        lastSeenAt: LessThan(new Date(now - lifetimes.portal.idleMs)),
      });
      const idleGadgets = await repo().delete({
        kind: 'gadget',
        lastSeenAt: LessThan(new Date(now - lifetimes.gadget.idleMs)),
      });
      return (expired.affected ?? 0) + (idle.affected ?? 0) + (idleGadgets.affected ?? 0);
    },
  };
}
