/**
 * The 2015 API (seed 000's dummy driver) over random op sequences: the CPU and the device read
 * and write, MIGRATE_TO moves ranges into fake device memory, mprotect toggles write access.
 * Every step keeps the invariants — the bitmap matches the device entries (INV-D1), a device
 * entry agrees with the CPU's (INV-H2) — every read returns the last value written, whoever
 * wrote it and wherever the page lives, and READ/WRITE count each page once
 * (nsys_pages + ndev_pages = pages copied, INV-D4).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type MachineSpec,
  type Step,
  type World,
  applyStep,
  checkWorld,
  createWorld,
} from '../../src/engine/index';
import { runOpMachine } from '../../src/machines/runOp';

const PAGES = 4;
const MACHINE: MachineSpec = {
  systemPages: 16,
  // Enough fake pages for every page on the device plus a full reservation: the driver
  // reserves one bit per page of the range even for pages already moved.
  devices: [{ name: 'd0', memory: 'private', pages: 2 * PAGES }],
  kernel: { api: '2015' },
};

const range = fc
  .tuple(fc.integer({ min: 0, max: PAGES - 1 }), fc.integer({ min: 1, max: PAGES }))
  .map(([page, n]) => ({ page, count: Math.min(n, PAGES - page) }));
const value = fc.integer({ min: 1, max: 999 });

const op: fc.Arbitrary<Step> = fc.oneof(
  range.map(({ page }) => ({ op: 'cpu.read', proc: 'P', page, count: 1 }) as Step),
  fc
    .tuple(range, value)
    .map(([{ page }, v]) => ({ op: 'cpu.write', proc: 'P', page, count: 1, value: v }) as Step),
  range.map((r) => ({ op: 'dev.read', mirror: 'M', ...r }) as Step),
  fc
    .tuple(range, value)
    .map(([r, v]) => ({ op: 'dev.write', mirror: 'M', ...r, value: v }) as Step),
  range.map((r) => ({ op: 'dev.migrate', mirror: 'M', ...r }) as Step),
  fc
    .constantFrom<'r' | 'rw'>('r', 'rw')
    .map((prot) => ({ op: 'mprotect', proc: 'P', page: 0, count: PAGES, prot }) as Step),
);

function start(): World {
  let w = createWorld(MACHINE);
  const setup: Step[] = [
    { op: 'spawn', proc: 'P' },
    { op: 'mmap', proc: 'P', page: 0, count: PAGES, prot: 'rw' },
    { op: 'mirror.open', proc: 'P', device: 'd0', as: 'M' },
  ];
  setup.forEach((s, i) => (w = applyStep(w, s, i).world));
  return w;
}

describe('the 2015 dummy driver over random op sequences', () => {
  test('invariants hold, reads return the last write, counters add up', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let w = start();
        const shadow = new Array<number>(PAGES).fill(0);
        let writable = true;
        ops.forEach((s, i) => {
          const r = applyStep(w, s, i + 3);
          w = r.world;
          expect(r.violations, `${i}: ${s.op}`).toEqual([]);
          const res = r.result;
          // Every generated op but mprotect addresses a range (and a write carries a value).
          const { page, count, value } = s as { page: number; count: number; value?: number };
          if (s.op === 'mprotect') writable = s.prot === 'rw';
          if (s.op === 'cpu.read' || s.op === 'dev.read') {
            expect(res.ret).toBe(0);
            expect(res.data).toEqual(shadow.slice(page, page + count));
          }
          if (s.op === 'cpu.write' || s.op === 'dev.write') {
            expect(res.ret === 0).toBe(writable);
            if (res.ret === 0) for (let p = page; p < page + count; p++) shadow[p] = value ?? 0;
          }
          if (s.op === 'dev.read' || (s.op === 'dev.write' && res.ret === 0)) {
            expect((res.dummy?.nsys_pages ?? 0) + (res.dummy?.ndev_pages ?? 0)).toBe(count);
          }
        });
        expect(checkWorld(w, true)).toEqual([]);
      }),
      { numRuns: 300, seed: 2015 },
    );
  });

  test('the op machines agree with the engine on every sequence', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        let a = start();
        let b = a;
        ops.forEach((s, i) => {
          const x = applyStep(a, s, i);
          const y = runOpMachine(b, s, i);
          expect(y.result).toEqual(x.result);
          a = x.world;
          b = y.world;
        });
        expect(b.devices).toEqual(a.devices);
      }),
      { numRuns: 100, seed: 15 },
    );
  });
});
