/**
 * hmm_range_fault and the driver's read_begin / fault / lock + read_retry loop
 * (mm/hmm.c, lib/test_hmm.c dmirror_range_fault; kernel-selftests.md §A.3).
 */
import { describe, expect, test } from 'vitest';
import {
  HMM_PFN_REQ_FAULT,
  HMM_PFN_REQ_WRITE,
  HMM_PFN_VALID,
  HMM_PFN_WRITE,
  type HmmRange,
  applyStep,
  dmirrorDoFault,
  dmirrorLockAndReadRetry,
  getMirror,
  hmmPfnFlags,
  hmmPfnFrame,
  hmmRangeFault,
  mmuIntervalReadBegin,
  mmuNotifierInvalidate,
  pvecGet,
} from '../../../src/engine/index';
import { build, fourPages, pte } from './helpers';

function range(seq: number, defaultFlags: number, start = 0, end = 4): HmmRange {
  return {
    notifier: 'm0',
    proc: 'A',
    start,
    end,
    hmmPfns: new Array(end - start).fill(0),
    defaultFlags,
    pfnFlagsMask: 0,
    devPrivateOwner: 'dev0',
    notifierSeq: seq,
  };
}

describe('hmm_range_fault', () => {
  test('a snapshot walk reports present pages without faulting or taking references', () => {
    const w = fourPages();
    const r = hmmRangeFault(w, range(0, 0));
    expect(r.value.ret).toBe(0);
    expect(r.value.pfns.map(hmmPfnFlags)).toEqual([3, 3, 3, 3]);
    expect(r.value.pfns.map(hmmPfnFrame)).toEqual([0, 1, 2, 3].map((p) => pte(w, p).frame));
    expect(JSON.stringify(r.world.frames)).toBe(JSON.stringify(w.frames));
  });

  test('read_begin, an invalidation, then read_retry says stale', () => {
    const w = fourPages();
    const b = mmuIntervalReadBegin(w, 'm0');
    const inv = mmuNotifierInvalidate(b.world, 'A', 0, 1, 'CLEAR', null);
    expect(inv.value.invalidated).toEqual(['m0']);
    expect(dmirrorLockAndReadRetry(inv.world, 'm0', b.value).value).toBe(true);
    const ok = dmirrorLockAndReadRetry(b.world, 'm0', b.value);
    expect(ok.value).toBe(false);
    // A valid result keeps dmirror->mutex held until dmirror_do_fault has updated the table.
    expect(getMirror(ok.world, 'm0')?.locked).toBe(true);
    expect(getMirror(dmirrorLockAndReadRetry(inv.world, 'm0', b.value).world, 'm0')?.locked).toBe(
      false,
    );
    const done = dmirrorDoFault(
      ok.world,
      'm0',
      range(b.value, 0),
      hmmRangeFault(ok.world, range(b.value, 0)).value.pfns,
    );
    expect(done.value).toBe(0);
    expect(getMirror(done.world, 'm0')?.locked).toBe(false);
    expect(pvecGet(getMirror(done.world, 'm0')!.pt, 3)).toMatchObject({ access: 'write' });
    // hmm_range_fault itself also notices (mmu_interval_check_retry): -EBUSY.
    expect(hmmRangeFault(inv.world, range(b.value, HMM_PFN_REQ_FAULT)).value.ret).toBe(-16);
  });

  test('a MIGRATE invalidation from the mirror’s own device is skipped', () => {
    const w = fourPages();
    const r = mmuNotifierInvalidate(w, 'A', 0, 4, 'MIGRATE', 'dev0');
    expect(r.value).toEqual({ invalidated: [], skipped: ['m0'] });
    expect(getMirror(r.world, 'm0')?.seq).toBe(0);
  });

  test('a read fault maps the zero page; a write fault on a read-only VMA is -EPERM', () => {
    const w = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'r' },
      { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
    ]);
    const r = hmmRangeFault(w, range(0, HMM_PFN_REQ_FAULT, 0, 2));
    expect(r.value.ret).toBe(0);
    expect(r.value.pfns.map(hmmPfnFlags)).toEqual([HMM_PFN_VALID, HMM_PFN_VALID]);
    expect(r.microsteps.map((m) => m.fn)).toContain('do_anonymous_page');
    const wr = hmmRangeFault(w, range(0, HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE, 0, 2));
    expect(wr.value.ret).toBe(-1);
  });

  test('no VMA or no VM_READ with a fault requested is -EFAULT; without, HMM_PFN_ERROR', () => {
    const w = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 1, prot: 'none' },
      { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
    ]);
    expect(hmmRangeFault(w, range(0, HMM_PFN_REQ_FAULT, 0, 2)).value.ret).toBe(-14);
    const snap = hmmRangeFault(w, range(0, 0, 0, 2));
    expect(snap.value.ret).toBe(0);
    expect(snap.value.pfns.map(hmmPfnFlags)).toEqual([4, 4]);
  });

  test('own device-private pages are reported, never faulted, even for a write', () => {
    const w = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
      { op: 'cpu.write', proc: 'A', page: 0, count: 2, value: 3 },
      { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
      { op: 'dev.migrate', mirror: 'm0', page: 0, count: 2 },
      // Any mprotect makes writable device-private entries read-only (change_pte_range).
      { op: 'mprotect', proc: 'A', page: 0, count: 2, prot: 'rw' },
    ]);
    expect(pte(w, 0)).toMatchObject({ kind: 'devicePrivate', write: false });
    // The mprotect invalidated m0: start from its current sequence number.
    const rg = range(getMirror(w, 'm0')?.seq ?? 0, HMM_PFN_REQ_FAULT | HMM_PFN_REQ_WRITE, 0, 2);
    const r = hmmRangeFault(w, rg);
    expect(r.value.ret).toBe(0);
    expect(r.value.pfns.map(hmmPfnFlags)).toEqual([HMM_PFN_VALID, HMM_PFN_VALID]);
    expect(r.microsteps.some((m) => m.fn === 'do_swap_page')).toBe(false);
    // dmirror_do_fault: write requested, answer read-only → -EFAULT (the driver's WARN path).
    expect(dmirrorDoFault(r.world, 'm0', rg, r.value.pfns).value).toBe(-14);
    const dw = applyStep(w, { op: 'dev.write', mirror: 'm0', page: 0, count: 2, value: 1 }, 0);
    expect(dw.result).toMatchObject({ ret: -14, errno: 'EFAULT' });
    expect(HMM_PFN_WRITE).toBe(2);
  });

  test('another device’s private page is faulted back (migrate_to_ram of its owner) and the loop retries', () => {
    const w = build([
      { op: 'spawn', proc: 'A' },
      { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'rw' },
      { op: 'cpu.write', proc: 'A', page: 0, count: 2, value: 3 },
      { op: 'mirror.open', proc: 'A', device: 'dev1', as: 'm1' },
      { op: 'mirror.open', proc: 'A', device: 'dev0', as: 'm0' },
      { op: 'dev.migrate', mirror: 'm1', page: 0, count: 2 },
    ]);
    const r = applyStep(w, { op: 'dev.read', mirror: 'm0', page: 0, count: 2 }, 0);
    expect(r.result).toMatchObject({ ret: 0, cpages: 2, faults: 1, data: [3, 3] });
    const fns = r.microsteps.map((m) => m.fn);
    expect(fns.filter((f) => f === 'mmu_interval_read_begin').length).toBeGreaterThanOrEqual(2);
    expect(fns).toContain('mmu_interval_check_retry');
    expect(pte(r.world, 0)).toMatchObject({ kind: 'present' });
  });

  test('the retry budget (the driver’s 1 s timeout) ends the loop with -EBUSY', () => {
    const w = fourPages();
    const r = applyStep(
      { ...w, config: { ...w.config, rangeFaultRetryBudget: 0 } },
      {
        op: 'dev.read',
        mirror: 'm0',
        page: 0,
        count: 4,
      },
    );
    expect(r.result).toMatchObject({ ret: -16, errno: 'EBUSY' });
    expect(r.result.data).toBeUndefined();
  });
});
