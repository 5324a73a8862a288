/**
 * Random scenario documents over every supported op, shared by the engine's properties and the
 * machine ⇄ engine cross-check: two processes, three mirrors on a private and a
 * private-or-coherent device, A's upper half private or shared, then random steps (fork
 * re-creates an exited process as the other's child). `pages` above 64 makes chunks and windows
 * merge.
 */
import fc from 'fast-check';
import type { ScenarioDoc, Step } from '../../src/engine/index';

export function docArbitrary(pages: number, maxCount: number, maxSteps: number) {
  const range = fc
    .tuple(fc.integer({ min: 0, max: pages - 1 }), fc.integer({ min: 1, max: maxCount }))
    .map(([page, count]) => ({ page, count: Math.min(count, pages - page) }));
  const proc = fc.constantFrom('A', 'B');
  const mirror = fc.constantFrom('mA0', 'mA1', 'mB0');
  const prot = fc.constantFrom('rw' as const, 'r' as const, 'none' as const);
  /** GUP handle names (gup.get / gup.pin `as`, gup.unpin `pin`). */
  const handle = fc.constantFrom('h0', 'h1');
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 1, arbitrary: proc.map((p) => ({ op: 'spawn', proc: p })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(proc, range, fc.constantFrom('rw' as const, 'r' as const), fc.boolean())
        .map(([p, r, pr, shared]) => ({
          op: 'mmap',
          proc: p,
          ...r,
          prot: pr,
          ...(shared ? { shared: true } : {}),
        })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(proc, range).map(([p, r]) => ({ op: 'munmap', proc: p, ...r })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(proc, range, prot)
        .map(([p, r, pr]) => ({ op: 'mprotect', proc: p, ...r, prot: pr })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(proc, range).map(([p, r]) => ({ op: 'cpu.read', proc: p, ...r })),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(proc, range, fc.integer({ min: 1, max: 999 })).map(([p, r, v]) => ({
        op: 'cpu.write',
        proc: p,
        ...r,
        values: Array.from({ length: r.count }, (_, i) => v + i),
      })),
    },
    { weight: 1, arbitrary: fc.constantFrom({ op: 'exit', proc: 'B' }) },
    { weight: 1, arbitrary: proc.map((p) => ({ op: 'exit', proc: p })) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        { op: 'fork', proc: 'A', child: 'B' },
        { op: 'fork', proc: 'B', child: 'A' },
      ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { op: 'mirror.open', proc: 'A', device: 'd0', as: 'mA0' },
        { op: 'mirror.open', proc: 'A', device: 'd1', as: 'mA1' },
        { op: 'mirror.open', proc: 'B', device: 'd0', as: 'mB0' },
      ),
    },
    { weight: 1, arbitrary: mirror.map((m) => ({ op: 'mirror.close', mirror: m })) },
    {
      weight: 3,
      arbitrary: fc.tuple(mirror, range).map(([m, r]) => ({ op: 'dev.read', mirror: m, ...r })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(mirror, range, fc.integer({ min: 1000, max: 1999 }))
        .map(([m, r, v]) => ({ op: 'dev.write', mirror: m, ...r, value: v })),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(mirror, range).map(([m, r]) => ({ op: 'dev.migrate', mirror: m, ...r })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(mirror, range)
        .map(([m, r]) => ({ op: 'dev.migrate-back', mirror: m, ...r })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(mirror, range).map(([m, r]) => ({ op: 'dev.snapshot', mirror: m, ...r })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('d0', 'd1').map((d) => ({ op: 'dev.release', device: d })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(proc, range, fc.boolean(), handle)
        .map(([p, r, write, as]) => ({ op: 'gup.get', proc: p, ...r, write, as })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(proc, range, fc.boolean(), fc.boolean(), handle)
        .map(([p, r, write, longterm, as]) => ({
          op: 'gup.pin',
          proc: p,
          ...r,
          write,
          longterm,
          as,
        })),
    },
    { weight: 2, arbitrary: handle.map((h) => ({ op: 'gup.unpin', pin: h })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(mirror, range)
        .map(([m, r]) => ({ op: 'dev.exclusive', mirror: m, ...r })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(mirror, range)
        .map(([m, r]) => ({ op: 'dev.check-exclusive', mirror: m, ...r })),
    },
  );
  // An exited process comes back as the other's child, with its mirrors, so that forks (and
  // device accesses to copy-on-write pages) happen often.
  const refork = fc.constantFrom<Step[]>(
    [
      { op: 'exit', proc: 'B' },
      { op: 'fork', proc: 'A', child: 'B' },
      { op: 'mirror.open', proc: 'B', device: 'd0', as: 'mB0' },
    ],
    [
      { op: 'exit', proc: 'A' },
      { op: 'fork', proc: 'B', child: 'A' },
      { op: 'mirror.open', proc: 'A', device: 'd0', as: 'mA0' },
      { op: 'mirror.open', proc: 'A', device: 'd1', as: 'mA1' },
    ],
  );
  const unit = fc.oneof(
    { weight: 12, arbitrary: step.map((s) => [s]) },
    { weight: 3, arbitrary: refork },
  );
  return fc
    .record({
      systemPages: fc.integer({ min: 6, max: 3 * pages }),
      d0: fc.integer({ min: 1, max: pages + 8 }),
      d1: fc.integer({ min: 1, max: pages + 8 }),
      d1memory: fc.constantFrom('private' as const, 'coherent' as const),
      /** A's upper half is a shared mapping (fork shares its pages instead of copying them). */
      sharedHalf: fc.boolean(),
      steps: fc
        .array(unit, { minLength: 1, maxLength: maxSteps })
        .map((u) => withDefinedPins(u.flat().slice(0, maxSteps))),
    })
    .map(({ systemPages, d0, d1, d1memory, sharedHalf, steps }): ScenarioDoc => ({
      format: 'hmm-lab/scenario@1',
      title: 'property',
      machine: {
        systemPages,
        devices: [
          { name: 'd0', memory: 'private', pages: d0 },
          { name: 'd1', memory: d1memory, pages: d1 },
        ],
      },
      steps: [
        { op: 'spawn', proc: 'A' },
        { op: 'spawn', proc: 'B' },
        { op: 'mirror.open', proc: 'A', device: 'd0', as: 'mA0' },
        { op: 'mirror.open', proc: 'A', device: 'd1', as: 'mA1' },
        { op: 'mirror.open', proc: 'B', device: 'd0', as: 'mB0' },
        { op: 'mmap', proc: 'A', page: 0, count: pages, prot: 'rw' },
        { op: 'mmap', proc: 'B', page: 0, count: pages, prot: 'rw' },
        ...(sharedHalf
          ? [
              {
                op: 'mmap',
                proc: 'A',
                page: pages >> 1,
                count: pages - (pages >> 1),
                prot: 'rw',
                shared: true,
              },
            ]
          : []),
        ...steps,
      ],
    }));
}

/** Drops each gup.unpin whose handle no earlier gup.get / gup.pin named (the loader rejects it). */
function withDefinedPins(steps: Step[]): Step[] {
  const named = new Set<unknown>();
  return steps.filter((s) => {
    if (s.op === 'gup.get' || s.op === 'gup.pin') named.add((s as { as?: unknown }).as);
    return s.op !== 'gup.unpin' || named.has((s as { pin?: unknown }).pin);
  });
}
