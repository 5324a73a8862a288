import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  alignBeats,
  allPaths,
  framesOfSteps,
  pathCounts,
  runComparison,
} from '../../../src/app/compare/gmemRuns';
import { COMPARISONS, comparisonById } from '../../../src/scenarios/comparisons';
import { comparisonSchema } from '../../../src/scenarios/comparisons/schema';
import { LIBRARY } from '../../../src/scenarios/library/index';

/** The repository is cloned with /work/shared beside it as ../shared (as invariantDocs does). */
const SEED_002 = resolve(import.meta.dirname, '../../../../shared/seeds/002_2df76121baecf9ea.txt');
const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
let seedLines: string[] | null = null;
/** Lines from..to of seed 002, mail quoting (`>`) removed, joined. */
function seedSpan(where: string): string {
  seedLines ??= readFileSync(SEED_002, 'utf8').split('\n');
  const m = /^002:L(\d+)(?:-(\d+))?$/.exec(where)!;
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  return collapse(
    seedLines
      .slice(from - 1, to)
      .map((l) => l.replace(/^[>\s]*/, ''))
      .join(' '),
  );
}

const docOf = (id: string) => LIBRARY.find((e) => e.id === id)?.doc;

describe('the built-in HMM-vs-GMEM comparisons', () => {
  test('there are at least two, each with its two scenarios in the gmem topic', () => {
    expect(COMPARISONS.length).toBeGreaterThanOrEqual(2);
    for (const c of COMPARISONS) {
      for (const id of [c.hmm, c.gmem]) {
        expect(docOf(id), `${c.id}: ${id}`).toBeDefined();
        expect(docOf(id)!.about?.topic).toBe('gmem');
      }
      expect(docOf(c.hmm)!.machine.kernel?.gmem).toBeUndefined();
      expect(docOf(c.gmem)!.machine.kernel?.gmem).toBe(true);
    }
    expect(comparisonById('cmp-alloc-device-cpu')).toBeDefined();
    expect(comparisonById('nope')).toBeUndefined();
  });

  test.each(COMPARISONS.map((c) => [c.id, c] as const))(
    '%s: every beat names steps that exist, each step in one beat, in order',
    (_, c) => {
      for (const side of ['hmm', 'gmem'] as const) {
        const steps = docOf(c[side])!.steps.length;
        const used = c.beats.flatMap((b) => b[side]);
        expect(
          used.every((i) => i >= 0 && i < steps),
          `${c.id} ${side}`,
        ).toBe(true);
        // Every step of the scenario is in exactly one beat, in scenario order.
        expect(used).toEqual(Array.from({ length: steps }, (_, i) => i));
      }
    },
  );

  test.each(COMPARISONS.map((c) => [c.id, c] as const))(
    '%s: both scenarios run to the end without an engine error',
    (_, c) => {
      const run = runComparison(c, LIBRARY);
      for (const side of ['hmm', 'gmem'] as const) {
        expect(run[side].problem, `${c.id} ${side}`).toBeUndefined();
        const t = run[side].timeline;
        expect(t.opStarts).toHaveLength(docOf(c[side])!.steps.length);
        // No op reports an unknown name or an unsupported op (result.error without an errno
        // the scenario means, like fork's -ENOSYS on the GMEM side).
        const errors = t.frames.flatMap((f) =>
          f.result?.error && f.result.errno !== 'ENOSYS' ? [f.result.error] : [],
        );
        expect(errors, `${c.id} ${side}`).toEqual([]);
      }
      expect(run.rows[0]).toMatchObject({ beat: -1, hmm: 0, gmem: 0 });
      expect(run.beatStarts.every((s, i) => s > 0 && s <= run.beatEnds[i]!)).toBe(true);
      expect(run.beatEnds.at(-1)).toBe(run.rows.length - 1);
    },
  );

  test.each(COMPARISONS.map((c) => [c.id, c] as const))(
    '%s: driver code paths are counted on both sides, and the totals differ',
    (_, c) => {
      const { perBeat, soFar } = pathCounts(c.beats);
      const last = soFar.at(-1)!;
      expect(last.hmm).toBeGreaterThan(0);
      expect(last.gmem).toBeGreaterThan(0);
      expect(last.hmm).not.toBe(last.gmem);
      expect(last).toEqual({
        hmm: allPaths(c.beats, 'hmm').length,
        gmem: allPaths(c.beats, 'gmem').length,
      });
      // Running totals never shrink, and a beat never adds more than it names.
      soFar.forEach((n, i) => {
        const before = soFar[i - 1] ?? { hmm: 0, gmem: 0 };
        expect(n.hmm - before.hmm).toBeLessThanOrEqual(perBeat[i]!.hmm);
        expect(n.gmem).toBeGreaterThanOrEqual(before.gmem);
      });
    },
  );

  test.each(COMPARISONS.map((c) => [c.id, c] as const))(
    '%s: every quote is verbatim at its seed line, and each debate has both sides',
    (_, c) => {
      for (const b of c.beats) {
        for (const q of b.debate ?? []) {
          expect(seedSpan(q.where), `${c.id} / ${b.title} / ${q.where}`).toContain(
            collapse(q.said),
          );
        }
        if (b.debate && b.debate.length > 0) {
          const stances = new Set(b.debate.map((q) => q.stance));
          expect(stances.has('gmem') && stances.has('hmm'), `${c.id} / ${b.title}`).toBe(true);
        }
      }
    },
  );

  test('the GMEM fork beat says -ENOSYS plainly, and the scenario really returns it', () => {
    const c = comparisonById('cmp-alloc-device-cpu')!;
    const fork = c.beats.find((b) => b.title.includes('fork'))!;
    expect(fork.layers.gmem.core).toMatch(/-ENOSYS/);
    const run = runComparison(c, LIBRARY);
    const frames = framesOfSteps(run.gmem.timeline, fork.gmem);
    expect(frames.map((i) => run.gmem.timeline.frames[i]!.result?.errno)).toContain('ENOSYS');
  });

  test('the oversubscription comparison loses data on the GMEM side only', () => {
    const c = comparisonById('cmp-oversubscription')!;
    const run = runComparison(c, LIBRARY);
    const reads = (side: 'hmm' | 'gmem') =>
      run[side].timeline.frames.flatMap((f) =>
        f.result?.op === 'cpu.read' ? [f.result.data ?? []] : [],
      );
    expect(reads('hmm')).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(reads('gmem')).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
    const gmRets = run.gmem.timeline.frames.flatMap((f) => (f.result?.gm ? [f.result.gm.ret] : []));
    expect(gmRets).toContain('GM_RET_NOMEM');
  });

  test('the schema refuses a beat without steps and a quote without a seed line', () => {
    const c = structuredClone(COMPARISONS[0]!) as unknown as {
      beats: { hmm: number[]; debate?: { where: string }[] }[];
    };
    c.beats[0]!.hmm = [];
    expect(comparisonSchema.safeParse(c).success).toBe(false);
    const d = structuredClone(COMPARISONS[0]!) as unknown as typeof c;
    d.beats[0]!.debate![0]!.where = 'L12';
    expect(comparisonSchema.safeParse(d).success).toBe(false);
  });
});

describe('alignBeats', () => {
  test('each beat gets the longer side’s micro-steps; the shorter side holds its last frame', () => {
    const t = (n: number, starts: number[]) => ({
      frames: Array.from({ length: n }, (_, i) => ({ step: i }) as never),
      opStarts: starts,
    });
    // hmm: steps 0 (frames 1-2), 1 (frame 3); gmem: steps 0 (frame 1), 1 (frames 2-4)
    const beats = [
      { hmm: [0], gmem: [0, 1] },
      { hmm: [1], gmem: [] as number[] },
    ] as never;
    const rows = alignBeats(beats, t(4, [1, 3]), t(5, [1, 2]));
    expect(rows.map((r) => [r.beat, r.hmm, r.gmem, r.hmmHeld, r.gmemHeld])).toEqual([
      [-1, 0, 0, false, false],
      [0, 1, 1, false, false],
      [0, 2, 2, false, false],
      [0, 2, 3, true, false],
      [0, 2, 4, true, false],
      [1, 3, null, false, false],
    ]);
  });
});
