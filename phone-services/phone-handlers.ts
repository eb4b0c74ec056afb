import { BadInputError } from '../src/errors/index.js';
import type { Clock } from '../src/clock.js';
import type { ChangeContext, LineLockState, LockService } from '../src/locks/index.js';
import type { PhoneRequest } from './phone-request.js';
import {
  actionMenuScreen,
  changePinScreen,
  linePickerScreen,
  noticeScreen,
  pinEntryScreen,
  resultScreen,
  statusScreen,
  type ScreenLine,
} from './phone-screens.js';
import type { PhoneScreen } from './send-phone-xml.js';

export interface HandlerEnv {
  locks: LockService;
  clock: Clock;
}

/** A screen about one line (routes without a chosen line on a multi-line phone get the line picker). */
export type PhoneHandler = (r: PhoneRequest, line: ScreenLine, env: HandlerEnv) => Promise<PhoneScreen>;

const onPhone = (r: PhoneRequest): ChangeContext => ({ actor: r.device.name, via: 'phone', role: 'user' });
const text = (
  r: PhoneRequest,
  prompt: string,
  body: string,
  line: ScreenLine,
  extra: { retryUrl?: string; offerChangePin?: boolean } = {},
): PhoneScreen => ({
  text: resultScreen(r.screen, { prompt, text: body, line, ...extra }),
});

/** Admin and budget locks are not the user's to lift: say which holds. */
function refusal(r: PhoneRequest, line: ScreenLine, state: LineLockState): PhoneScreen | null {
  if (state.kinds.includes('admin'))
    return text(r, r.t('errors.prompt'), r.t('errors.adminLocked', { line: line.label }), line);
  if (state.kinds.includes('budget'))
    return text(r, r.t('errors.prompt'), r.t('errors.budgetLocked', { line: line.label }), line);
  return null;
}

/** Before asking for a PIN: is there one, and may it be tried now? */
async function pinBlocker(
  r: PhoneRequest,
  line: ScreenLine,
  { locks, clock }: HandlerEnv,
): Promise<PhoneScreen | null> {
  const pin = await locks.pinStatus({ lineId: line.id });
  if (!pin.usable) return text(r, r.t('errors.prompt'), r.t('errors.pinNotSet'), line);
  if (pin.lockedOutUntil) {
    const minutes = Math.max(1, Math.ceil((pin.lockedOutUntil.getTime() - clock.now().getTime()) / 60_000));
    return text(r, r.t('errors.prompt'), r.t('errors.lockedOut', { count: minutes }), line);
  }
  return null;
}

function requirePin(r: PhoneRequest, param: string): string {
  const value = (r.query.get(param) ?? '').trim();
  if (value === '') throw new BadInputError('Enter the PIN');
  return value;
}

export async function menuScreen(r: PhoneRequest, env: HandlerEnv): Promise<PhoneScreen> {
  if (!r.line) {
    const lines = await Promise.all(
      r.device.lines.map(async (l) => ({
        id: l.id,
        label: r.labelOf(l),
        locked: (await env.locks.getLineState({ lineId: l.id })).locked,
      })),
    );
    return { menu: linePickerScreen(r.screen, lines) };
  }
  const [state, pin] = await Promise.all([
    env.locks.getLineState({ lineId: r.line.id }),
    env.locks.pinStatus({ lineId: r.line.id }),
  ]);
  return { menu: actionMenuScreen(r.screen, r.line, state, pin) };
}

export const lockEntry: PhoneHandler = async (r, line, env) => {
  const state = await env.locks.getLineState({ lineId: line.id });
  if (state.kinds.includes('user'))
    return text(r, r.t('done.lockedPrompt'), r.t('done.alreadyLocked', { line: line.label }), line);
  return (await pinBlocker(r, line, env)) ?? { input: pinEntryScreen(r.screen, line, 'lock') };
};

export const lockSubmit: PhoneHandler = async (r, line, env) => {
  const { isDefault } = await env.locks.verifyPin({ lineId: line.id }, requirePin(r, 'pin'), onPhone(r));
  await env.locks.setLock({ lineId: line.id }, 'user', onPhone(r));
  return text(r, r.t('done.lockedPrompt'), r.t('done.locked', { line: line.label }), line, {
    offerChangePin: isDefault,
  });
};

export const unlockEntry: PhoneHandler = async (r, line, env) => {
  const state = await env.locks.getLineState({ lineId: line.id });
  if (!state.locked)
    return text(r, r.t('done.unlockedPrompt'), r.t('done.alreadyUnlocked', { line: line.label }), line);
  return (
    refusal(r, line, state) ?? (await pinBlocker(r, line, env)) ?? { input: pinEntryScreen(r.screen, line, 'unlock') }
  );
};

export const unlockSubmit: PhoneHandler = async (r, line, env) => {
  // Refuse before the PIN check: an admin-locked line must not cost the user a PIN attempt.
  const before = await env.locks.getLineState({ lineId: line.id });
  const refused = refusal(r, line, before);
  if (refused) return refused;
  const { isDefault } = await env.locks.verifyPin({ lineId: line.id }, requirePin(r, 'pin'), onPhone(r));
  const after = await env.locks.clearLock({ lineId: line.id }, 'user', onPhone(r));
  // An administrator or the budget engine may have locked the line while the PIN was typed.
  return (
    refusal(r, line, after.state) ??
    text(r, r.t('done.unlockedPrompt'), r.t('done.unlocked', { line: line.label }), line, { offerChangePin: isDefault })
  );
};

export const pinEntry: PhoneHandler = async (r, line, env) =>
  (await pinBlocker(r, line, env)) ?? { input: changePinScreen(r.screen, line) };

export const pinSubmit: PhoneHandler = async (r, line, env) => {
  const oldPin = requirePin(r, 'old');
  const newPin = (r.query.get('new') ?? '').trim();
  const confirm = (r.query.get('confirm') ?? '').trim();
  if (newPin !== confirm)
    return text(r, r.t('errors.prompt'), r.t('errors.pinMismatch'), line, { retryUrl: r.urls.pin(line.id) });
  await env.locks.changePin({ lineId: line.id }, oldPin, newPin, onPhone(r));
  return text(r, r.t('pin.changeTitle'), r.t('done.pinChanged'), line);
};

export async function statusOf(r: PhoneRequest, env: HandlerEnv): Promise<PhoneScreen> {
  const lines = r.line ? [r.line] : r.device.lines.map((l) => ({ ...l, label: r.labelOf(l) }));
  const states = await Promise.all(
    lines.map(async (line) => ({ line, state: await env.locks.getLineState({ lineId: line.id }) })),
  );
  return { text: statusScreen(r.screen, states, r.line?.id) };
}

export const notice: PhoneHandler = async (r, line, env) => ({
  text: noticeScreen(r.screen, line, await env.locks.getLineState({ lineId: line.id })),
});
