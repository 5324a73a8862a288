import { createActor, fromCallback } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_SPEED_INDEX,
  PLAYER_SPEEDS,
  playerMachine,
  type PlayerEvent,
} from '../../src/machines/playerMachine';

/**
 * Model-based test of the player: xstate/graph walks every reachable (state, position, speed)
 * of a 3-step scenario through the user's events, and each path is replayed on a real actor
 * against an independent reference of what the timeline should show.
 */
const TOTAL = 3;
/** Three ops: frame 1 is op 0, frames 2–3 are op 1 (op 1 ends at the last frame). */
const OP_STARTS = [1, 2];
/** Where each op ends, written out by hand from OP_STARTS. */
const OP_ENDS = [1, 3];
const INPUT = { total: TOTAL, opStarts: OP_STARTS };
const EVENTS: PlayerEvent[] = [
  { type: 'player.toggle' },
  { type: 'player.play' },
  { type: 'player.pause' },
  { type: 'player.next' },
  { type: 'player.prev' },
  { type: 'player.nextOp' },
  { type: 'player.prevOp' },
  { type: 'player.first' },
  { type: 'player.last' },
  { type: 'player.seek', position: 2 },
  { type: 'player.seek', position: 99 },
  { type: 'player.faster' },
  { type: 'player.slower' },
  { type: 'player.tick' },
];

const describePath = (path: { steps: readonly { event: { type: string } }[] }) =>
  path.steps.map((s) => s.event.type).join(' → ');

interface Ref {
  playing: boolean;
  position: number;
  speedIndex: number;
}

/** The timeline's rules written out plainly, independent of the machine's structure. */
function reference(s: Ref, e: PlayerEvent): Ref {
  const max = PLAYER_SPEEDS.length - 1;
  switch (e.type) {
    case 'player.toggle':
      if (s.playing) return { ...s, playing: false };
      return s.position >= TOTAL ? { ...s, playing: true, position: 0 } : { ...s, playing: true };
    case 'player.play':
      if (s.playing) return s;
      return s.position >= TOTAL ? { ...s, playing: true, position: 0 } : { ...s, playing: true };
    case 'player.pause':
      return { ...s, playing: false };
    case 'player.next':
      return { ...s, playing: false, position: Math.min(TOTAL, s.position + 1) };
    case 'player.prev':
      return { ...s, playing: false, position: Math.max(0, s.position - 1) };
    case 'player.nextOp':
      return { ...s, playing: false, position: OP_ENDS.find((e) => e > s.position) ?? TOTAL };
    case 'player.prevOp':
      return {
        ...s,
        playing: false,
        position: [...OP_ENDS].reverse().find((e) => e < s.position) ?? 0,
      };
    case 'player.first':
      return { ...s, playing: false, position: 0 };
    case 'player.last':
      return { ...s, playing: false, position: TOTAL };
    case 'player.seek':
      return { ...s, playing: false, position: Math.min(TOTAL, Math.max(0, e.position)) };
    case 'player.faster':
      return { ...s, speedIndex: Math.min(max, s.speedIndex + 1) };
    case 'player.slower':
      return { ...s, speedIndex: Math.max(0, s.speedIndex - 1) };
    case 'player.tick': {
      // A tick only means something while playing; the last frame ends playback.
      if (!s.playing) return s;
      const position = Math.min(TOTAL, s.position + 1);
      return { ...s, position, playing: position < TOTAL };
    }
    default:
      return s;
  }
}

// The ticker is the clock; in the model, time passing is the explicit `player.tick` event.
const machine = playerMachine.provide({ actors: { frameTicker: fromCallback(() => {}) } });

describe('player machine (model-based, xstate/graph)', () => {
  // getShortestPaths rather than createTestModel: the latter refuses machines that invoke
  // actors, and the ticker is exactly the part this model replaces with `player.tick`.
  const paths = getShortestPaths(machine, {
    events: EVENTS,
    input: INPUT,
    // Context is finite here (position ≤ 3, speed ≤ 5), so it can be part of the state key.
    serializeState: (s) => JSON.stringify([s.value, s.context.position, s.context.speedIndex]),
  });

  test('reaches both states, every position and every speed', () => {
    const seen = new Set<string>();
    for (const p of paths) for (const step of p.steps) seen.add(JSON.stringify(step.state.value));
    expect(seen).toEqual(new Set(['"paused"', '"playing"']));
    const positions = new Set(paths.map((p) => p.state.context.position));
    expect(positions).toEqual(new Set([0, 1, 2, 3]));
    const speeds = new Set(paths.map((p) => p.state.context.speedIndex));
    expect(speeds.size).toBe(PLAYER_SPEEDS.length);
  });

  test('every path, replayed on a live actor, matches the reference at every step', () => {
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const actor = createActor(machine, { input: INPUT }).start();
      let ref: Ref = { playing: false, position: 0, speedIndex: DEFAULT_SPEED_INDEX };
      for (const step of path.steps) {
        if (step.event.type.startsWith('xstate.')) continue; // the initial step
        actor.send(step.event as PlayerEvent);
        ref = reference(ref, step.event as PlayerEvent);
        const snap = actor.getSnapshot();
        const actual = {
          playing: snap.matches('playing'),
          position: snap.context.position,
          speedIndex: snap.context.speedIndex,
        };
        expect(actual, `${describePath(path)} after ${step.event.type}`).toEqual(ref);
        // Invariants of the timeline.
        expect(snap.context.position).toBeGreaterThanOrEqual(0);
        expect(snap.context.position).toBeLessThanOrEqual(TOTAL);
        if (snap.matches('playing')) expect(snap.context.position).toBeLessThan(TOTAL);
      }
      actor.stop();
    }
  });

  test('from every reachable state, every event (each transition) matches the reference', () => {
    let checked = 0;
    for (const path of paths) {
      for (const event of EVENTS) {
        const actor = createActor(machine, { input: INPUT }).start();
        let ref: Ref = { playing: false, position: 0, speedIndex: DEFAULT_SPEED_INDEX };
        for (const step of path.steps) {
          if (step.event.type.startsWith('xstate.')) continue;
          actor.send(step.event as PlayerEvent);
          ref = reference(ref, step.event as PlayerEvent);
        }
        actor.send(event);
        ref = reference(ref, event);
        const snap = actor.getSnapshot();
        expect(
          {
            playing: snap.matches('playing'),
            position: snap.context.position,
            speedIndex: snap.context.speedIndex,
          },
          `${describePath(path)} then ${event.type}`,
        ).toEqual(ref);
        actor.stop();
        checked++;
      }
    }
    expect(checked).toBe(paths.length * EVENTS.length);
  });
});
