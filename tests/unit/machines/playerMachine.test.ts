import { createActor } from 'xstate';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import {
  BASE_FRAME_MS,
  frameDelayMs,
  PLAYER_SPEEDS,
  playerMachine,
} from '../../../src/machines/playerMachine';

describe('player machine: playback over time', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('plays one frame per frame delay and stops on the last frame', () => {
    const actor = createActor(playerMachine, { input: { total: 3 } }).start();
    actor.send({ type: 'player.play' });
    expect(actor.getSnapshot().matches('playing')).toBe(true);
    vi.advanceTimersByTime(BASE_FRAME_MS - 1);
    expect(actor.getSnapshot().context.position).toBe(0);
    vi.advanceTimersByTime(1);
    expect(actor.getSnapshot().context.position).toBe(1);
    vi.advanceTimersByTime(2 * BASE_FRAME_MS);
    expect(actor.getSnapshot().context.position).toBe(3);
    expect(actor.getSnapshot().matches('paused')).toBe(true);
    vi.advanceTimersByTime(10 * BASE_FRAME_MS);
    expect(actor.getSnapshot().context.position).toBe(3);
  });

  test('a faster speed shortens the frame delay while playing', () => {
    const actor = createActor(playerMachine, { input: { total: 10 } }).start();
    actor.send({ type: 'player.faster' });
    actor.send({ type: 'player.faster' }); // 2×
    expect(PLAYER_SPEEDS[actor.getSnapshot().context.speedIndex]).toBe(2);
    actor.send({ type: 'player.play' });
    vi.advanceTimersByTime(frameDelayMs(actor.getSnapshot().context.speedIndex) * 4);
    expect(actor.getSnapshot().context.position).toBe(4);
  });

  test('play on the last frame starts again from the first', () => {
    const actor = createActor(playerMachine, { input: { total: 2, position: 2 } }).start();
    actor.send({ type: 'player.toggle' });
    expect(actor.getSnapshot().context.position).toBe(0);
    expect(actor.getSnapshot().matches('playing')).toBe(true);
  });

  test('with no steps, play does nothing', () => {
    const actor = createActor(playerMachine, { input: { total: 0 } }).start();
    actor.send({ type: 'player.play' });
    expect(actor.getSnapshot().matches('paused')).toBe(true);
  });

  test('loading another scenario pauses and clamps the position; garbage input is sanitised', () => {
    const actor = createActor(playerMachine, { input: { total: 8, position: 6 } }).start();
    actor.send({ type: 'player.play' });
    actor.send({ type: 'player.load', total: 4, position: 9 });
    expect(actor.getSnapshot().matches('paused')).toBe(true);
    expect(actor.getSnapshot().context).toMatchObject({ total: 4, position: 4 });
    actor.send({ type: 'player.load', total: Number.NaN });
    expect(actor.getSnapshot().context).toMatchObject({ total: 0, position: 0 });
    actor.send({ type: 'player.load', total: 5 });
    actor.send({ type: 'player.seek', position: -3 });
    expect(actor.getSnapshot().context.position).toBe(0);
    actor.send({ type: 'player.seek', position: 2.7 });
    expect(actor.getSnapshot().context.position).toBe(2);
  });

  test('a load may set the speed (a shared link restores it); without one the speed stays', () => {
    const actor = createActor(playerMachine, { input: { total: 3, speedIndex: 1 } }).start();
    actor.send({ type: 'player.load', total: 6, position: 2, speedIndex: 4 });
    expect(actor.getSnapshot().context).toMatchObject({ position: 2, speedIndex: 4 });
    actor.send({ type: 'player.load', total: 6 });
    expect(actor.getSnapshot().context.speedIndex).toBe(4);
    actor.send({ type: 'player.load', total: 6, speedIndex: 99 });
    expect(actor.getSnapshot().context.speedIndex).toBe(PLAYER_SPEEDS.length - 1);
  });

  test('frame delays shrink as speed grows', () => {
    const delays = PLAYER_SPEEDS.map((_, i) => frameDelayMs(i));
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeLessThan(delays[i - 1]!);
    expect(frameDelayMs(99)).toBe(frameDelayMs(PLAYER_SPEEDS.length - 1));
  });
});
