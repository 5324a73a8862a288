/**
 * Tx coalescing: begin/end must pair up. The migrate ioctls' chunk walk once ended a merge it
 * had never begun after a walk of a single chunk, leaving the depth at -1 so that the next
 * beginCoalesce() of the op merged nothing.
 */
import { describe, expect, test } from 'vitest';
import { forEachMigrateChunk } from '../../../src/engine/ops/devMigrate';
import { Tx } from '../../../src/engine/tx';
import { build, fourPages } from './helpers';

/** After the walk, a begin/end pair must still merge two micro-steps into one. */
function expectCoalescingWorks(tx: Tx): void {
  expect(tx.coalescing).toBe(false);
  const before = tx.microsteps.length;
  tx.beginCoalesce();
  tx.emit('dmirror_migrate_to_device', 'test', 'merged 1');
  tx.emit('dmirror_migrate_to_device', 'test', 'merged 2');
  tx.endCoalesce('dmirror_migrate_to_device', 'test', (n) => `${n} merged`);
  expect(tx.coalescing).toBe(false);
  expect(tx.microsteps.slice(before).map((m) => m.narration)).toEqual(['2 merged']);
}

describe('Tx coalescing', () => {
  test('endCoalesce() without beginCoalesce() throws', () => {
    const tx = new Tx(fourPages());
    expect(() => tx.endCoalesce('dmirror_migrate_to_device', 'test', () => '')).toThrow(
      /without beginCoalesce/,
    );
  });

  test('nested merges end at the outermost endCoalesce()', () => {
    const tx = new Tx(fourPages());
    tx.beginCoalesce();
    tx.beginCoalesce();
    tx.emit('dmirror_migrate_to_device', 'test', 'inner');
    tx.endCoalesce('dmirror_migrate_to_device', 'test', () => 'inner summary');
    expect(tx.coalescing).toBe(true);
    expect(tx.microsteps).toHaveLength(0);
    tx.endCoalesce('dmirror_migrate_to_device', 'test', (n) => `outer summary of ${n}`);
    expect(tx.microsteps.map((m) => m.narration)).toEqual(['outer summary of 1']);
    expect(() => tx.endCoalesce('dmirror_migrate_to_device', 'test', () => '')).toThrow();
  });

  test('a chunk walk of one chunk leaves no merge open', () => {
    const tx = new Tx(fourPages());
    const chunks: [number, number][] = [];
    const ret = forEachMigrateChunk(tx, 'A', 0, 4, 'dmirror_migrate_to_device', (a, n) => {
      chunks.push([a, n]);
      return 0;
    });
    expect(ret).toBe(0);
    expect(chunks).toEqual([[0, 4]]);
    expectCoalescingWorks(tx);
  });

  test('a chunk walk of two chunks (two VMAs) merges the second and ends the merge', () => {
    const w = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
      { op: 'mmap', proc: 'A', page: 2, count: 2, prot: 'r' },
    ]);
    const tx = new Tx(w);
    const chunks: [number, number][] = [];
    const ret = forEachMigrateChunk(tx, 'A', 0, 4, 'dmirror_migrate_to_device', (a, n) => {
      chunks.push([a, n]);
      return 0;
    });
    expect(ret).toBe(0);
    expect(chunks).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expectCoalescingWorks(tx);
  });
});
