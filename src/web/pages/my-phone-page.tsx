import type { LineLockState, ViewerLine } from '../../locks/index.js';
import { CsrfField, Layout, Notice } from '../components/layout.js';
import { LockIcon } from '../components/lock-icon.js';
import type { PageContext } from '../page-context.js';

export interface MyPhonePageProps {
  lines: ViewerLine[];
  pinLength: number;
  notice?: string;
  error?: { lineId: number; message: string };
}

export function lineLabel(line: { extension: string; partition: string }): string {
  return line.partition ? `${line.extension} (${line.partition})` : line.extension;
}

const heldByKey = {
  user: 'myPhone.heldBy.user',
  admin: 'myPhone.heldBy.admin',
  budget: 'myPhone.heldBy.budget',
} as const;

function WhoLocked({ ctx, state }: { ctx: PageContext; state: LineLockState }) {
  if (!state.locked) return null;
  return (
    <ul class="lock-holders">
      {state.locks.map((l) => (
        <li>{ctx.t(heldByKey[l.kind], { actor: l.actor, since: ctx.format.dateTime(l.since) })}</li>
      ))}
    </ul>
  );
}

function LineCard({ ctx, line, props }: { ctx: PageContext; line: ViewerLine; props: MyPhonePageProps }) {
  const { t } = ctx;
  const { state } = line;
  const mine = state.kinds.includes('user');
  const others = state.kinds.filter((k) => k !== 'user');
  const error = props.error?.lineId === state.lineId ? props.error.message : null;
  const pinId = (name: string) => `pin-${name}-${state.lineId}`;
  return (
    <section class="card line-card" aria-labelledby={`line-${state.lineId}`}>
      <h2 id={`line-${state.lineId}`}>{t('myPhone.line', { line: lineLabel(state) })}</h2>
      <p class={`lock-state ${state.locked ? 'is-locked' : 'is-unlocked'}`}>
        <LockIcon locked={state.locked} />
        <strong>{state.locked ? t('lock.locked') : t('lock.unlocked')}</strong>
      </p>
      <WhoLocked ctx={ctx} state={state} />
      {others.length > 0 ? <p class="hint">{t('myPhone.othersHold')}</p> : null}
      <form method="post" action={`/phone-lock/lines/${state.lineId}/lock`}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="locked" value={mine ? '0' : '1'} />
        <button type="submit" class={mine ? 'secondary' : 'primary'}>
          {mine ? t('myPhone.unlock') : t('myPhone.lock')}
        </button>
      </form>
      <details class="pin-change" open={error !== null}>
        <summary>{t('myPhone.changePin')}</summary>
        {error ? <Notice kind="error">{error}</Notice> : null}
        <form method="post" action={`/phone-lock/lines/${state.lineId}/pin`} class="form">
          <CsrfField ctx={ctx} />
          <label for={pinId('current')}>
            {line.pin.isDefault ? t('myPhone.currentDefaultPin') : t('myPhone.currentPin')}
          </label>
          <input id={pinId('current')} name="current" type="password" inputmode="numeric" autocomplete="off" required />
          <label for={pinId('new')}>{t('myPhone.newPin', { count: props.pinLength })}</label>
          <input id={pinId('new')} name="pin" type="password" inputmode="numeric" autocomplete="off" required />
          <label for={pinId('repeat')}>{t('myPhone.repeatPin')}</label>
          <input id={pinId('repeat')} name="repeat" type="password" inputmode="numeric" autocomplete="off" required />
          <button type="submit">{t('myPhone.savePin')}</button>
        </form>
      </details>
    </section>
  );
}

export function MyPhonePage({ ctx, props }: { ctx: PageContext; props: MyPhonePageProps }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('nav.myPhone')}>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.lines.length === 0 ? <p>{t('myPhone.noLines')}</p> : null}
      <div class="cards">
        {props.lines.map((line) => (
          <LineCard ctx={ctx} line={line} props={props} />
        ))}
      </div>
    </Layout>
  );
}
