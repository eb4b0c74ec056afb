import type { LockKind } from '../../src/events/index.js';
import type { PinProblem } from '../../src/locks/index.js';

/** Every text the phone service shows, in one language. Titles and prompts fit in 32 characters. */
export interface PhoneTexts {
  title: string;
  keys: { select: string; exit: string; back: string; submit: string; changePin: string; retry: string; open: string };
  menu: { prompt: string; choosePrompt: string; defaultPinPrompt: string; lock: string; unlock: string; changePin: string; status: string };
  /** A line in the picker, e.g. "3005 PT_Branch (locked)". */
  lineItem(line: string, locked: boolean): string;
  pin: {
    lockTitle: string;
    unlockTitle: string;
    changeTitle: string;
    prompt(length: number): string;
    changePrompt: string;
    label: string;
    current: string;
    new: string;
    repeat: string;
  };
  done: {
    locked(line: string): string;
    unlocked(line: string): string;
    alreadyLocked(line: string): string;
    alreadyUnlocked(line: string): string;
    pinChanged: string;
    lockedPrompt: string;
    unlockedPrompt: string;
  };
  /** Shown after a successful PIN while the PIN is still a default one. */
  changeDefaultPin: string;
  status: {
    prompt: string;
    locked(line: string, kinds: string): string;
    unlocked(line: string): string;
    kinds: Record<LockKind, string>;
    since(time: string): string;
  };
  notice: { lockedPrompt: string; unlockedPrompt: string };
  errors: {
    prompt: string;
    missingName: string;
    unknownDevice(name: string): string;
    noLines(name: string): string;
    unknownLine: string;
    wrongPin(attemptsLeft: number): string;
    lockedOut(minutes: number): string;
    pinNotSet: string;
    enterPin: string;
    adminLocked(line: string): string;
    budgetLocked(line: string): string;
    pinMismatch: string;
    pinRejected(problem: PinProblem, length: number): string;
    unavailable: string;
  };
}
