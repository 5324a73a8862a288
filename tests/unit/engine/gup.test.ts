/**
 * GUP in the engine: get_user_pages / pin_user_pages refcounts (a pin = refcount + 1 and
 * pincount + 1, domain.md §1.1), their release, pins surviving exit, faulting device-private
 * pages back, FOLL_LONGTERM on coherent memory (migrate then pin, or -EBUSY), and a pinned or
 * referenced page staying put during migrate_vma (S4: cpages 3 of 4).
 */
import { describe, expect, test } from 'vitest';
import {
  applyStep,
  checkWorld,
  getDevice,
  getFrame,
  getGup,
  type Step,
  type World,
} from '../../../src/engine/index';
import { build, fourPages, frameAt, pte } from './helpers';

function step(w: World, s: Step) {
  const r = applyStep(w, s, 0);
  expect(r.violations).toEqual([]);
  return r;
}

describe('gup.get / gup.pin / gup.unpin', () => {
  test('FOLL_GET adds a reference, FOLL_PIN a reference and a pin; unpin gives them back', () => {
    const w0 = fourPages();
    const g = step(w0, { op: 'gup.get', proc: 'A', page: 0, count: 2, as: 'g' });
    expect(g.result.ret).toBe(0);
    expect(frameAt(g.world, 0)).toMatchObject({ refcount: 2, mapcount: 1, pincount: 0 });
    const p = step(g.world, { op: 'gup.pin', proc: 'A', page: 1, count: 2, as: 'p' });
    expect(frameAt(p.world, 1)).toMatchObject({ refcount: 3, mapcount: 1, pincount: 1 });
    expect(frameAt(p.world, 2)).toMatchObject({ refcount: 2, mapcount: 1, pincount: 1 });
    expect(getGup(p.world, 'p')).toMatchObject({ proc: 'A', start: 1, pin: true, longterm: false });
    const u = step(p.world, { op: 'gup.unpin', pin: 'p' });
    expect(frameAt(u.world, 1)).toMatchObject({ refcount: 2, pincount: 0 });
    const v = step(u.world, { op: 'gup.unpin', pin: 'g' });
    expect(frameAt(v.world, 0)).toMatchObject({ refcount: 1, pincount: 0 });
    expect(v.world.gups).toEqual({});
    expect(checkWorld(v.world, true)).toEqual([]);
  });

  test('each page is one micro-step naming try_grab_folio in mm/gup.c', () => {
    const r = step(fourPages(), { op: 'gup.pin', proc: 'A', page: 0, count: 2, as: 'p' });
    const grabs = r.microsteps.filter((m) => m.fn === 'try_grab_folio');
    expect(grabs).toHaveLength(2);
    expect(grabs[0]).toMatchObject({ file: 'mm/gup.c', phase: '__get_user_pages' });
    expect(grabs[0]?.changed.frames).toEqual([pte(r.world, 0).frame]);
    expect(r.microsteps.at(-1)).toMatchObject({
      fn: 'pin_user_pages',
      changed: { procs: ['gup:p'] },
    });
  });

  test('exit keeps the pin: the page outlives its mapping until gup.unpin frees it', () => {
    const w = step(fourPages(), { op: 'gup.pin', proc: 'A', page: 0, count: 1, as: 'p' }).world;
    const frame = pte(w, 0).frame;
    const exited = step(w, { op: 'exit', proc: 'A' }).world;
    expect(getFrame(exited, frame)).toMatchObject({ refcount: 1, mapcount: 0, pincount: 1 });
    const freeBefore = exited.sysFree;
    const done = step(exited, { op: 'gup.unpin', pin: 'p' });
    expect(getFrame(done.world, frame).refcount).toBe(0);
    expect(done.world.sysFree).toBe(freeBefore + 1);
  });

  test('errors: no VMA or a read-only VMA for FOLL_WRITE (-EFAULT), a held name (-EEXIST)', () => {
    const w = fourPages();
    expect(step(w, { op: 'gup.get', proc: 'A', page: 3, count: 2, as: 'g' }).result.errno).toBe(
      'EFAULT',
    );
    const ro = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 1, prot: 'r' },
    ]);
    const r = step(ro, { op: 'gup.pin', proc: 'A', page: 0, count: 1, write: true, as: 'p' });
    expect(r.result.errno).toBe('EFAULT');
    const held = step(w, { op: 'gup.get', proc: 'A', page: 0, count: 1, as: 'g' }).world;
    const again = step(held, { op: 'gup.pin', proc: 'A', page: 0, count: 1, as: 'g' });
    expect(again.result).toMatchObject({ ret: -17, errno: 'EEXIST' });
    expect(frameAt(again.world, 0).refcount).toBe(2);
  });

  test('GUP faults a device-private page back to system memory, then pins that', () => {
    const w = step(fourPages(), { op: 'dev.migrate', mirror: 'm0', page: 0, count: 4 }).world;
    const r = step(w, { op: 'gup.pin', proc: 'A', page: 0, count: 1, write: true, as: 'p' });
    expect(r.microsteps.some((m) => m.fn === 'do_swap_page')).toBe(true);
    expect(pte(r.world, 0)).toMatchObject({ kind: 'present', write: true });
    expect(frameAt(r.world, 0)).toMatchObject({
      zone: 'normal',
      refcount: 2,
      pincount: 1,
      value: 10,
    });
    expect(getDevice(r.world, 'dev0')?.nrAllocated).toBe(3);
  });

  test('FOLL_LONGTERM migrates a coherent page to system memory first; plain FOLL_PIN does not', () => {
    const w = step(fourPages('dev2'), { op: 'dev.migrate', mirror: 'm0', page: 0, count: 4 }).world;
    const short = step(w, { op: 'gup.pin', proc: 'A', page: 0, count: 1, as: 's' });
    expect(frameAt(short.world, 0)).toMatchObject({ zone: 'device', refcount: 2, pincount: 1 });
    const long = step(w, { op: 'gup.pin', proc: 'A', page: 1, count: 1, longterm: true, as: 'l' });
    expect(long.result.ret).toBe(0);
    expect(frameAt(long.world, 1)).toMatchObject({
      zone: 'normal',
      refcount: 2,
      pincount: 1,
      value: 11,
    });
    const fns = long.microsteps.map((m) => m.fn);
    expect(fns).toContain('check_and_migrate_movable_pages');
    expect(fns).toContain('migrate_device_coherent_folio');
    expect(fns.filter((f) => f === 'try_grab_folio')).toHaveLength(2); // pinned, unpinned, again
    // A coherent page someone else pinned cannot move: -EBUSY, and no pin is left behind.
    const busy = step(short.world, {
      op: 'gup.pin',
      proc: 'A',
      page: 0,
      count: 2,
      longterm: true,
      as: 'l',
    });
    expect(busy.result).toMatchObject({ ret: -16, errno: 'EBUSY' });
    expect(frameAt(busy.world, 0)).toMatchObject({ zone: 'device', refcount: 2, pincount: 1 });
    expect(frameAt(busy.world, 1)).toMatchObject({ refcount: 1, pincount: 0 });
    expect(getGup(busy.world, 'l')).toBeUndefined();
  });
});

describe('a pinned or referenced page stays put during migrate_vma (S4)', () => {
  const s4 = (op: 'gup.pin' | 'gup.get') =>
    build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
      { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
      { op: 'cpu.write', proc: 'A', page: 0, count: 1, value: 100 },
      { op: 'cpu.write', proc: 'A', page: 2, count: 1, value: 102 },
      { op: 'cpu.read', proc: 'A', page: 3, count: 1 },
      { op, proc: 'A', page: 2, count: 1, write: true, as: 'h' },
    ]);

  test('a pin: collect already skips it (folio_try_share_anon_rmap_pte); cpages 3 of 4', () => {
    const w = s4('gup.pin');
    const r = step(w, { op: 'dev.migrate', mirror: 'm0', page: 0, count: 4 });
    const collect = r.microsteps.find((m) => m.fn === 'migrate_vma_collect');
    expect(collect?.narration).toMatch(/cpages = 3/);
    expect(pte(collect!.world, 2)).toEqual(pte(w, 2));
    expect(r.microsteps.find((m) => m.fn === 'migrate_vma_unmap')?.narration).toMatch(/cpages = 3/);
    expect(pte(r.world, 2)).toEqual(pte(w, 2));
    expect(frameAt(r.world, 2)).toMatchObject({ refcount: 2, mapcount: 1, pincount: 1 });
    expect(getDevice(r.world, 'dev0')?.pgmap?.refcount).toBe(4);
  });

  test('a FOLL_GET reference: collected, then restored by the unmap check (ref − 1 > mapcount)', () => {
    const w = s4('gup.get');
    const r = step(w, { op: 'dev.migrate', mirror: 'm0', page: 0, count: 4 });
    const collect = r.microsteps.find((m) => m.fn === 'migrate_vma_collect');
    expect(collect?.narration).toMatch(/cpages = 4/);
    expect(pte(collect!.world, 2).kind).toBe('migration');
    expect(getFrame(collect!.world, pte(w, 2).frame)).toMatchObject({ refcount: 2, mapcount: 0 });
    const unmap = r.microsteps.find((m) => m.fn === 'migrate_vma_unmap');
    expect(unmap?.narration).toMatch(/page 2: unexpected references, restored/);
    expect(unmap?.narration).toMatch(/cpages = 3/);
    expect(pte(r.world, 2)).toMatchObject({ kind: 'present', frame: pte(w, 2).frame, write: true });
    expect(frameAt(r.world, 2)).toMatchObject({ refcount: 2, mapcount: 1, value: 102 });
  });
});
