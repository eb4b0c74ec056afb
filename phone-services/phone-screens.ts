import type { LockKind } from '../src/events/index.js';
import type { Translate } from '../src/i18n/index.js';
import type { LineLockState, PinStatus } from '../src/locks/index.js';
import type { PhoneUrls } from './phone-urls.js';
import { nativeKeys, placeKeys, type Key, type KeyLayout } from './softkey-layout.js';
import type { PhoneInput, PhoneMenu, PhoneText } from './xml/phone-objects.js';

/** What every screen builder needs; built once per request. */
export interface ScreenContext {
  t: Translate;
  urls: PhoneUrls;
  layout: KeyLayout;
  pinLength: number;
  /** The device carries several lines: menus offer Back to the line picker. */
  multiLine: boolean;
  formatTime(at: Date): string;
}

export interface ScreenLine {
  id: number;
  /** As the user knows it: the extension, with the partition when the device has it twice. */
  label: string;
}

const lockKindText = {
  user: 'status.kinds.user',
  admin: 'status.kinds.admin',
  budget: 'status.kinds.budget',
} as const satisfies Record<LockKind, string>;
const lockKinds = (ctx: ScreenContext, state: LineLockState) =>
  state.kinds.map((k) => ctx.t(lockKindText[k])).join(', ');

const exitKey = (ctx: ScreenContext): Key => ({ name: ctx.t('keys.exit'), url: nativeKeys.exitService });
const backKey = (ctx: ScreenContext, url: string): Key => ({ name: ctx.t('keys.back'), url });

export function linePickerScreen(ctx: ScreenContext, lines: Array<ScreenLine & { locked: boolean }>): PhoneMenu {
  return {
    title: ctx.t('title'),
    prompt: ctx.t('menu.choosePrompt'),
    softKeys: placeKeys(ctx.layout, [{ name: ctx.t('keys.select'), url: nativeKeys.select }], [exitKey(ctx)]),
    items: lines.map((line) => ({
      name: ctx.t(line.locked ? 'lineItem.locked' : 'lineItem.unlocked', { line: line.label }),
      url: ctx.urls.menu(line.id),
    })),
  };
}

export function actionMenuScreen(
  ctx: ScreenContext,
  line: ScreenLine,
  state: LineLockState,
  pin: PinStatus,
): PhoneMenu {
  const navigation = ctx.multiLine ? [backKey(ctx, ctx.urls.menu()), exitKey(ctx)] : [exitKey(ctx)];
  return {
    // The line matters more than the service name when both do not fit in the 32-character title.
    title: [...`${ctx.t('title')} ${line.label}`].length <= 32 ? `${ctx.t('title')} ${line.label}` : line.label,
    prompt: pin.usable && pin.isDefault ? ctx.t('menu.defaultPinPrompt') : ctx.t('menu.prompt'),
    softKeys: placeKeys(ctx.layout, [{ name: ctx.t('keys.select'), url: nativeKeys.select }], navigation),
    items: [
      state.locked
        ? { name: ctx.t('menu.unlock'), url: ctx.urls.unlock(line.id) }
        : { name: ctx.t('menu.lock'), url: ctx.urls.lock(line.id) },
      { name: ctx.t('menu.changePin'), url: ctx.urls.pin(line.id) },
      { name: ctx.t('menu.status'), url: ctx.urls.status(line.id) },
    ],
  };
}

export function pinEntryScreen(ctx: ScreenContext, line: ScreenLine, action: 'lock' | 'unlock'): PhoneInput {
  return {
    title: action === 'lock' ? ctx.t('pin.lockTitle') : ctx.t('pin.unlockTitle'),
    prompt: ctx.t('pin.prompt', { count: ctx.pinLength }),
    softKeys: inputKeys(ctx, line),
    url: action === 'lock' ? ctx.urls.lockSubmit(line.id) : ctx.urls.unlockSubmit(line.id),
    fields: [{ label: ctx.t('pin.label'), param: 'pin', kind: 'pin' }],
  };
}

export function changePinScreen(ctx: ScreenContext, line: ScreenLine): PhoneInput {
  return {
    title: ctx.t('pin.changeTitle'),
    prompt: ctx.t('pin.changePrompt'),
    softKeys: inputKeys(ctx, line),
    url: ctx.urls.pinSubmit(line.id),
    fields: [
      { label: ctx.t('pin.current'), param: 'old', kind: 'pin' },
      { label: ctx.t('pin.new'), param: 'new', kind: 'pin' },
      { label: ctx.t('pin.repeat'), param: 'confirm', kind: 'pin' },
    ],
  };
}

function inputKeys(ctx: ScreenContext, line: ScreenLine) {
  const actions = [
    { name: ctx.t('keys.submit'), url: nativeKeys.submit },
    { name: '<<', url: nativeKeys.backspace },
  ];
  return placeKeys(ctx.layout, actions, [backKey(ctx, ctx.urls.menu(line.id))]);
}

export interface ResultOptions {
  prompt: string;
  text: string;
  /** The line the result is about: Back leads to its menu. */
  line?: ScreenLine;
  /** Offer a key straight to Change PIN (the PIN is still a default one). */
  offerChangePin?: boolean;
  /** Offer a Retry key to this URL (a PIN screen after a wrong PIN). */
  retryUrl?: string;
}

export function resultScreen(ctx: ScreenContext, options: ResultOptions): PhoneText {
  const actions: Key[] = [];
  if (options.retryUrl) actions.push({ name: ctx.t('keys.retry'), url: options.retryUrl });
  if (options.offerChangePin && options.line)
    actions.push({ name: ctx.t('keys.changePin'), url: ctx.urls.pin(options.line.id) });
  return {
    title: ctx.t('title'),
    prompt: options.prompt,
    softKeys: placeKeys(ctx.layout, actions, [backKey(ctx, ctx.urls.menu(options.line?.id)), exitKey(ctx)]),
    text: options.offerChangePin ? `${options.text}\n\n${ctx.t('changeDefaultPin')}` : options.text,
  };
}

export function statusScreen(
  ctx: ScreenContext,
  lines: Array<{ line: ScreenLine; state: LineLockState }>,
  backLineId?: number,
): PhoneText {
  const text = lines
    .map(({ line, state }) => {
      if (!state.locked) return ctx.t('status.unlocked', { line: line.label });
      const since = Math.min(...state.locks.map((l) => l.since.getTime()));
      const kinds = lockKinds(ctx, state);
      const sinceText = ctx.t('status.since', { time: ctx.formatTime(new Date(since)) });
      return `${ctx.t('status.locked', { line: line.label, kinds })}\n${sinceText}`;
    })
    .join('\n\n');
  return {
    title: ctx.t('title'),
    prompt: ctx.t('status.prompt'),
    softKeys: placeKeys(ctx.layout, [], [backKey(ctx, ctx.urls.menu(backLineId)), exitKey(ctx)]),
    text,
  };
}

/** The popup a pushed Execute makes the phone fetch after a lock change. */
export function noticeScreen(ctx: ScreenContext, line: ScreenLine, state: LineLockState): PhoneText {
  const kinds = lockKinds(ctx, state);
  return {
    title: ctx.t('title'),
    prompt: state.locked ? ctx.t('notice.lockedPrompt') : ctx.t('notice.unlockedPrompt'),
    softKeys: placeKeys(
      ctx.layout,
      [{ name: ctx.t('keys.open'), url: ctx.urls.menu(line.id) }],
      [{ name: ctx.t('keys.exit'), url: nativeKeys.exit }],
    ),
    text: state.locked
      ? ctx.t('status.locked', { line: line.label, kinds })
      : ctx.t('status.unlocked', { line: line.label }),
  };
}

/** An error before any line is known (no name, unknown phone, no lines): only Exit. */
export function bareErrorScreen(t: Translate, layout: KeyLayout, text: string): PhoneText {
  return {
    title: t('title'),
    prompt: t('errors.prompt'),
    softKeys: placeKeys(layout, [], [{ name: t('keys.exit'), url: nativeKeys.exitService }]),
    text,
  };
}
