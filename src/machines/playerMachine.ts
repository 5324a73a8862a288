import { assign, fromCallback, setup } from 'xstate';

/**
 * The timeline's player: which micro-step of a scenario is on screen, whether it plays by itself,
 * and how fast. Position 0 is the state before the first step; position `total` is the end.
 *
 * It knows nothing of the kernel model: the app tells it how many frames there are
 * (`player.load`) and renders whatever frame `position` names. Stepping back is a seek to an
 * earlier frame of a recorded trace, never an undo.
 */

/** Playback speeds offered by the speed control, as multiples of the base rate. */
export const PLAYER_SPEEDS = [0.25, 0.5, 1, 1.5, 2, 4] as const;
/** Index of 1× in {@link PLAYER_SPEEDS}. */
export const DEFAULT_SPEED_INDEX = 2;
/** Milliseconds a frame stays on screen at 1×. */
export const BASE_FRAME_MS = 1200;

export interface PlayerContext {
  /** Frame on screen, 0 ≤ position ≤ total. */
  position: number;
  /** Number of steps; there are total + 1 frames (the initial state, then one per step). */
  total: number;
  /** Index into {@link PLAYER_SPEEDS}. */
  speedIndex: number;
  /** Frame where each op of the scenario starts, ascending (for stepping by op). */
  opStarts: readonly number[];
}

export type PlayerEvent =
  | {
      type: 'player.load';
      total: number;
      position?: number;
      opStarts?: readonly number[];
      /** A speed to play at (a shared link restores it); otherwise the speed stays. */
      speedIndex?: number;
    }
  | { type: 'player.toggle' }
  | { type: 'player.play' }
  | { type: 'player.pause' }
  | { type: 'player.next' }
  | { type: 'player.prev' }
  | { type: 'player.nextOp' }
  | { type: 'player.prevOp' }
  | { type: 'player.first' }
  | { type: 'player.last' }
  | { type: 'player.seek'; position: number }
  | { type: 'player.faster' }
  | { type: 'player.slower' }
  /** Sent by the ticker while playing: time to show the next frame. */
  | { type: 'player.tick' };

export interface PlayerInput {
  total?: number;
  position?: number;
  speedIndex?: number;
  opStarts?: readonly number[];
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/**
 * The frame "next op" lands on: the last frame of the op after the one on screen, so its result
 * shows. `opStarts[i]` is where op i begins; op i ends where op i+1 begins, minus one.
 */
export function nextOpPosition(position: number, total: number, opStarts: readonly number[]) {
  const ends = opStarts.map((_, i) => (i + 1 < opStarts.length ? opStarts[i + 1]! - 1 : total));
  return ends.find((end) => end > position) ?? total;
}

/** The frame "previous op" lands on: the end of the op before the one on screen (or 0). */
export function prevOpPosition(position: number, total: number, opStarts: readonly number[]) {
  const ends = opStarts.map((_, i) => (i + 1 < opStarts.length ? opStarts[i + 1]! - 1 : total));
  return [...ends].reverse().find((end) => end < position) ?? 0;
}
const toInt = (n: number) => (Number.isFinite(n) ? Math.trunc(n) : 0);

/** Milliseconds between frames at a speed index (shared with the view's transition length). */
export function frameDelayMs(speedIndex: number): number {
  const speed = PLAYER_SPEEDS[clamp(speedIndex, 0, PLAYER_SPEEDS.length - 1)] ?? 1;
  return Math.round(BASE_FRAME_MS / speed);
}

/**
 * The clock of playback: a tick every `delay` ms while the `playing` state lives. Kept apart
 * from the transitions so tests (and xstate/graph) can send `player.tick` themselves.
 */
export const frameTicker = fromCallback<{ type: 'player.tick' }, { delay: number }>(
  ({ sendBack, input }) => {
    const id = setInterval(() => sendBack({ type: 'player.tick' }), input.delay);
    return () => clearInterval(id);
  },
);

export const playerMachine = setup({
  types: {
    context: {} as PlayerContext,
    events: {} as PlayerEvent,
    input: {} as PlayerInput,
  },
  guards: {
    hasNext: ({ context }) => context.position < context.total,
    hasSteps: ({ context }) => context.total > 0,
    atEnd: ({ context }) => context.position >= context.total,
  },
  actions: {
    load: assign(({ event }) => {
      if (event.type !== 'player.load') return {};
      const total = Math.max(0, toInt(event.total));
      return {
        total,
        position: clamp(toInt(event.position ?? 0), 0, total),
        opStarts: (event.opStarts ?? []).filter((n) => n >= 0 && n <= total),
        ...(event.speedIndex === undefined
          ? {}
          : { speedIndex: clamp(toInt(event.speedIndex), 0, PLAYER_SPEEDS.length - 1) }),
      };
    }),
    next: assign({ position: ({ context }) => Math.min(context.total, context.position + 1) }),
    prev: assign({ position: ({ context }) => Math.max(0, context.position - 1) }),
    nextOp: assign({
      position: ({ context }) => nextOpPosition(context.position, context.total, context.opStarts),
    }),
    prevOp: assign({
      position: ({ context }) => prevOpPosition(context.position, context.total, context.opStarts),
    }),
    first: assign({ position: 0 }),
    last: assign({ position: ({ context }) => context.total }),
    seek: assign({
      position: ({ context, event }) =>
        event.type === 'player.seek'
          ? clamp(toInt(event.position), 0, context.total)
          : context.position,
    }),
    faster: assign({
      speedIndex: ({ context }) => Math.min(PLAYER_SPEEDS.length - 1, context.speedIndex + 1),
    }),
    slower: assign({ speedIndex: ({ context }) => Math.max(0, context.speedIndex - 1) }),
  },
  actors: { frameTicker },
}).createMachine({
  id: 'player',
  context: ({ input: given }) => {
    // An actor created without input is an empty timeline, not a crash.
    const input: PlayerInput = given ?? {};
    const total = Math.max(0, toInt(input.total ?? 0));
    return {
      total,
      position: clamp(toInt(input.position ?? 0), 0, total),
      speedIndex: clamp(
        toInt(input.speedIndex ?? DEFAULT_SPEED_INDEX),
        0,
        PLAYER_SPEEDS.length - 1,
      ),
      opStarts: input.opStarts ?? [],
    };
  },
  initial: 'paused',
  // Stepping, seeking and speed work the same whether paused or playing; a manual step pauses,
  // as in VisuAlgo and Galles' tools, so the student sees the frame they asked for.
  on: {
    'player.load': { target: '.paused', actions: 'load' },
    'player.next': { target: '.paused', actions: 'next' },
    'player.prev': { target: '.paused', actions: 'prev' },
    'player.nextOp': { target: '.paused', actions: 'nextOp' },
    'player.prevOp': { target: '.paused', actions: 'prevOp' },
    'player.first': { target: '.paused', actions: 'first' },
    'player.last': { target: '.paused', actions: 'last' },
    'player.seek': { target: '.paused', actions: 'seek' },
    'player.faster': { actions: 'faster' },
    'player.slower': { actions: 'slower' },
  },
  states: {
    paused: {
      on: {
        // Play at the end starts over, so the button never does nothing.
        'player.play': [
          { guard: 'atEnd', target: 'playing', actions: 'first' },
          { guard: 'hasSteps', target: 'playing' },
        ],
        'player.toggle': [
          { guard: 'atEnd', target: 'playing', actions: 'first' },
          { guard: 'hasSteps', target: 'playing' },
        ],
      },
    },
    playing: {
      // Reaching the last frame stops playback at once, so the button reads "Replay".
      always: { guard: 'atEnd', target: 'paused' },
      invoke: {
        src: 'frameTicker',
        input: ({ context }) => ({ delay: frameDelayMs(context.speedIndex) }),
      },
      on: {
        'player.tick': { actions: 'next' },
        'player.pause': { target: 'paused' },
        'player.toggle': { target: 'paused' },
        // Re-entering restarts the ticker at the new rate.
        'player.faster': { target: 'playing', reenter: true, actions: 'faster' },
        'player.slower': { target: 'playing', reenter: true, actions: 'slower' },
      },
    },
  },
});

export type PlayerMachine = typeof playerMachine;
