import { describe, expect, test } from 'vitest';
import { SHORTCUTS, shortcutForKey } from '../../../src/views/shortcuts';

const none = {};
const body = { tagName: 'BODY' };
const action = (key: string, target: Parameters<typeof shortcutForKey>[2] = body, mods = none) =>
  shortcutForKey(key, mods, target)?.action.type ?? null;

describe('keyboard shortcuts', () => {
  test.each([
    [' ', 'player.toggle'],
    ['ArrowRight', 'player.next'],
    ['ArrowLeft', 'player.prev'],
    ['Home', 'player.first'],
    ['End', 'player.last'],
    ['+', 'player.faster'],
    ['=', 'player.faster'],
    ['-', 'player.slower'],
    ['?', 'ui.shortcuts'],
  ])('%j on the page sends %s', (key, type) => {
    expect(action(key)).toBe(type);
  });

  test('unbound keys and modified keys do nothing', () => {
    expect(action('x')).toBeNull();
    expect(action('ArrowRight', body, { ctrlKey: true })).toBeNull();
    expect(action('ArrowRight', body, { metaKey: true })).toBeNull();
    expect(action(' ', body, { altKey: true })).toBeNull();
  });

  test('Space presses a focused button or link instead of toggling playback', () => {
    expect(action(' ', { tagName: 'BUTTON' })).toBeNull();
    expect(action(' ', { tagName: 'A' })).toBeNull();
    // ...but arrows on a focused button still step.
    expect(action('ArrowRight', { tagName: 'BUTTON' })).toBe('player.next');
  });

  test('a slider or select keeps its arrows and Home/End', () => {
    const range = { tagName: 'INPUT', type: 'range' };
    expect(action('ArrowRight', range)).toBeNull();
    expect(action('Home', range)).toBeNull();
    expect(action(' ', range)).toBe('player.toggle');
    expect(action('ArrowLeft', { tagName: 'SELECT' })).toBeNull();
    expect(action('ArrowLeft', { tagName: 'DIV', role: 'slider' })).toBeNull();
  });

  test('text fields keep every key', () => {
    for (const key of [' ', 'ArrowLeft', '+', '?']) {
      expect(action(key, { tagName: 'INPUT', type: 'text' })).toBeNull();
      expect(action(key, { tagName: 'TEXTAREA' })).toBeNull();
      expect(action(key, { tagName: 'DIV', isContentEditable: true })).toBeNull();
    }
  });

  test('Shift with an arrow steps by operation', () => {
    expect(action('ArrowRight', body, { shiftKey: true })).toBe('player.nextOp');
    expect(action('ArrowLeft', body, { shiftKey: true })).toBe('player.prevOp');
    expect(action('?', body, { shiftKey: true })).toBe('ui.shortcuts');
  });

  test('no key is bound twice', () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys.map((k) => `${s.shift ? 'Shift+' : ''}${k}`));
    expect(new Set(keys).size).toBe(keys.length);
  });
});
