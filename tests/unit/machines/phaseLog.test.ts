/** The machine layer's record of phases: merging micro-steps the way Tx.endCoalesce() does. */
import { describe, expect, test } from 'vitest';
import { createWorld, type Changes } from '../../../src/engine/index';
import { beginMerge, endMerge, mergeChanges, startLog } from '../../../src/machines/phaseLog';

const c = (p: Partial<Changes>): Changes => ({
  ptes: [],
  frames: [],
  devices: [],
  mirrors: [],
  procs: [],
  ...p,
});

describe('phaseLog', () => {
  test('mergeChanges keeps the first-change order and unions everything', () => {
    const merged = mergeChanges([
      c({
        ptes: [{ proc: 'B', pages: [3, 1] }],
        frames: [5, 2],
        mirrors: [{ mirror: 'm', pages: [1], seq: false }],
      }),
      c({
        ptes: [
          { proc: 'A', pages: [0] },
          { proc: 'B', pages: [1, 4] },
        ],
        frames: [2, 9],
        devices: ['d0'],
        mirrors: [{ mirror: 'm', pages: [2], seq: true }],
        procs: ['A'],
      }),
    ]);
    expect(merged).toEqual({
      ptes: [
        { proc: 'B', pages: [3, 1, 4] },
        { proc: 'A', pages: [0] },
      ],
      frames: [5, 2, 9],
      devices: ['d0'],
      mirrors: [{ mirror: 'm', pages: [1, 2], seq: true }],
      procs: ['A'],
    });
  });

  test('merging nothing records nothing; merged steps become one summary', () => {
    const world = createWorld({ systemPages: 2, devices: [] });
    const log = startLog(world);
    expect(endMerge(beginMerge(log), 'f', 'p', () => 'x')).toEqual(log);
    const merging = beginMerge(log);
    const withSteps = {
      ...merging,
      merging: { ...merging.merging!, count: 3, changes: [c({ frames: [0] }), c({ frames: [1] })] },
    };
    const done = endMerge(withSteps, 'migrate_vma_pages', 'phase', (n) => `${n} merged`);
    expect(done.merging).toBeNull();
    expect(done.microsteps).toHaveLength(1);
    expect(done.microsteps[0]).toMatchObject({
      fn: 'migrate_vma_pages',
      phase: 'phase',
      narration: '3 merged',
      coalesced: 3,
      changed: c({ frames: [0, 1] }),
    });
  });
});
