/** Micro-steps: kernel links, phases, changed sets, coalescing, determinism. */
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_CONFIG,
  applyStep,
  createWorld,
  kernelFile,
  kernelLink,
  kernelTable,
} from '../../../src/engine/index';
import { fourPages } from './helpers';

describe('micro-steps', () => {
  test('every micro-step names a kernel function with a source link', () => {
    const r = applyStep(fourPages(), { op: 'dev.migrate', mirror: 'm0', page: 0, count: 4 }, 0);
    expect(r.microsteps.length).toBeGreaterThan(4);
    for (const m of r.microsteps) {
      expect(m.file).toBe(kernelFile(m.fn));
      expect(m.src).toBe(`https://elixir.bootlin.com/linux/latest/source/${m.file}`);
      expect(m.narration.length).toBeGreaterThan(10);
      expect(m.phase.length).toBeGreaterThan(0);
    }
    expect(r.microsteps.map((m) => m.phase)).toEqual([
      'migrate_vma_setup.collect', // the MIGRATE notifier (m0 skips it: its own device)
      'migrate_vma_setup.collect',
      'migrate_vma_setup.unmap',
      'dmirror_migrate_alloc_and_copy',
      'migrate_vma_pages',
      'dmirror_migrate_finalize_and_map',
      'migrate_vma_finalize',
      'dmirror_do_read',
    ]);
    expect(kernelLink('migrate_vma_setup')).toBe(
      'https://elixir.bootlin.com/linux/latest/source/mm/migrate_device.c',
    );
    expect(kernelTable().some((t) => t.file === 'lib/test_hmm.c')).toBe(true);
    expect(() => kernelFile('no_such_function')).toThrow();
  });

  test('each micro-step carries the world after it, and the last one is the result', () => {
    const r = applyStep(fourPages(), { op: 'dev.migrate', mirror: 'm0', page: 0, count: 4 }, 0);
    expect(r.microsteps.at(-1)?.world).toBe(r.world);
    expect(r.microsteps[0]?.fn).toBe('dmirror_interval_invalidate');
    expect(r.microsteps[0]?.changed.mirrors).toEqual([]); // skipped: nothing changed
    const collect = r.microsteps[1]!;
    expect(collect.changed.ptes).toEqual([{ proc: 'A', pages: [0, 1, 2, 3] }]);
    expect(collect.changed.devices).toEqual([]);
    const alloc = r.microsteps[3]!;
    expect(alloc.changed.devices).toEqual(['dev0']);
    expect(alloc.changed.ptes).toEqual([]);
  });

  test('large ranges are coalesced: the micro-step count does not grow with the pages', () => {
    const big = (n: number) => {
      let w = createWorld({
        systemPages: 2 * n,
        devices: [{ name: 'd', memory: 'private', pages: n }],
      });
      for (const s of [
        { op: 'spawn', proc: 'A' },
        { op: 'mmap', proc: 'A', page: 0, count: n, prot: 'rw' as const },
        { op: 'cpu.write', proc: 'A', page: 0, count: n, value: 1 },
        { op: 'mirror.open', proc: 'A', device: 'd', as: 'm' },
      ]) {
        w = applyStep(w, s).world;
      }
      return applyStep(w, { op: 'dev.migrate', mirror: 'm', page: 0, count: n });
    };
    const a = big(256);
    const b = big(1024);
    expect(b.microsteps.length).toBe(a.microsteps.length);
    const merged = b.microsteps.find((m) => m.coalesced > 1);
    expect(merged?.changed.ptes[0]?.pages.length).toBe(1024 - 64);
  });

  test('same world and step → same micro-steps (deterministic)', () => {
    const a = applyStep(fourPages(), { op: 'cpu.read', proc: 'A', page: 0, count: 4 }, 0);
    const b = applyStep(fourPages(), { op: 'cpu.read', proc: 'A', page: 0, count: 4 }, 0);
    expect(JSON.stringify(b.microsteps)).toBe(JSON.stringify(a.microsteps));
    expect(DEFAULT_CONFIG.era).toBe('ERA_C_FIXED');
  });
});
