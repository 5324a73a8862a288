import type { PlayerEvent } from '../machines/playerMachine';

/** One keyboard shortcut: the keys a user presses, what it does, and the event it sends. */
export interface Shortcut {
  /** `KeyboardEvent.key` values that trigger it. */
  keys: readonly string[];
  /** Whether Shift must be held (by default it must not be). */
  shift?: boolean;
  /** How the keys are written in the help dialog. */
  display: readonly string[];
  description: string;
  action: PlayerEvent | { type: 'ui.shortcuts' };
}

/** Every shortcut of the app, in the order the help dialog lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  {
    keys: [' ', 'Spacebar'],
    display: ['Space'],
    description: 'Play or pause',
    action: { type: 'player.toggle' },
  },
  {
    keys: ['ArrowRight'],
    display: ['→'],
    description: 'Step forward',
    action: { type: 'player.next' },
  },
  {
    keys: ['ArrowLeft'],
    display: ['←'],
    description: 'Step back',
    action: { type: 'player.prev' },
  },
  {
    keys: ['ArrowRight'],
    shift: true,
    display: ['Shift', '→'],
    description: 'To the end of the next operation',
    action: { type: 'player.nextOp' },
  },
  {
    keys: ['ArrowLeft'],
    shift: true,
    display: ['Shift', '←'],
    description: 'To the end of the previous operation',
    action: { type: 'player.prevOp' },
  },
  {
    keys: ['Home'],
    display: ['Home'],
    description: 'First step',
    action: { type: 'player.first' },
  },
  { keys: ['End'], display: ['End'], description: 'Last step', action: { type: 'player.last' } },
  { keys: ['+', '='], display: ['+'], description: 'Faster', action: { type: 'player.faster' } },
  { keys: ['-', '_'], display: ['−'], description: 'Slower', action: { type: 'player.slower' } },
  {
    keys: ['?'],
    display: ['?'],
    description: 'Show these shortcuts',
    action: { type: 'ui.shortcuts' },
  },
];

/** What the focused element is, as far as shortcuts care. */
export interface KeyTarget {
  tagName?: string;
  isContentEditable?: boolean;
  type?: string;
  role?: string | null;
}

const TYPING_INPUTS = new Set(['text', 'search', 'email', 'url', 'number', 'password', 'tel']);

/**
 * The shortcut a key press means, or null when the key belongs to the focused control: text
 * fields keep every key, selects and sliders keep their arrows and Home/End, and buttons and
 * links keep Space (it is how a keyboard user presses them). Modified keys (Ctrl, Alt, Meta)
 * are the browser's.
 */
export function shortcutForKey(
  key: string,
  mods: { ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean; shiftKey?: boolean },
  target: KeyTarget | null,
): Shortcut | null {
  if (mods.ctrlKey || mods.altKey || mods.metaKey) return null;
  const tag = target?.tagName?.toUpperCase() ?? '';
  if (target?.isContentEditable || tag === 'TEXTAREA') return null;
  if (tag === 'INPUT' && TYPING_INPUTS.has((target?.type ?? 'text').toLowerCase())) return null;
  const ownsArrows = tag === 'SELECT' || tag === 'INPUT' || target?.role === 'slider';
  if (
    ownsArrows &&
    ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(key)
  ) {
    return null;
  }
  const pressesWithSpace = tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY' || tag === 'SELECT';
  if (pressesWithSpace && (key === ' ' || key === 'Spacebar')) return null;
  // Shift only matters for keys that have a Shift variant (arrows); "+" and "?" need it typed.
  const withShift = SHORTCUTS.find((s) => s.shift && s.keys.includes(key));
  if (withShift && mods.shiftKey) return withShift;
  return SHORTCUTS.find((s) => !s.shift && s.keys.includes(key)) ?? null;
}
