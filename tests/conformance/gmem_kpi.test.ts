// GMEM's KPI (seed 003 mm/gmem.c, domain.md §2.18 G1-G4): gm_dev_create, gm_dev_destroy,
// gm_dev_register_physmem, gm_as_create, gm_as_attach and gm_as_destroy, as the RFC's code runs.
import { describe, expect, test } from 'vitest';
import { MAX_NUMNODES, checkGmem, type Violation, type World } from '../../src/engine/index';
import { type S, Session, gm, gmDevice, gmDoc, mappingOf, setupSteps } from '../unit/gmem/world';

describe('the device KPI', () => {
  test('gm_dev_create with gmem off: GM_RET_FAILURE_UNKNOWN, no gm_dev', () => {
    const s = new Session(gmDoc([{ op: 'gm.dev-create', device: 'npu0' }], { gmem: false }));
    expect(s.applied[0]?.result).toMatchObject({ ret: 4, gm: { ret: 'GM_RET_FAILURE_UNKNOWN' } });
    expect(gm(s.world)).toMatchObject({ enabled: false, devs: {} });
  });

  test('ids are the lowest free ones and are reused after gm_dev_destroy', () => {
    const devices = ['npu0', 'npu1', 'npu2'].map((name) => ({
      name,
      memory: 'private',
      pages: 4,
      driver: 'gmem',
    }));
    const s = new Session(gmDoc([], { devices }));
    const id = (d: string) => s.step({ op: 'gm.dev-create', device: d }).result.gm?.id;
    expect(id('npu0')).toBe(0);
    expect(id('npu1')).toBe(1);
    s.clean({ op: 'gm.dev-destroy', device: 'npu0' });
    expect(gm(s.world).devs.npu0?.id).toBe(-1);
    expect(id('npu2')).toBe(0);
  });

  test('register_physmem: node ids from 1, -ENOMEM at MAX_NUMNODES', () => {
    const s = new Session(gmDoc([{ op: 'gm.dev-create', device: 'npu0' }]));
    const nids = Array.from({ length: 7 }, (_, i) => {
      const [r] = s.clean({ op: 'gm.dev-register-physmem', device: 'npu0', page: i, count: 1 });
      return r?.result.gm?.nid;
    });
    expect(nids).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(gm(s.world).hnodes[3]?.pages).toEqual([
      { pfn: (s.world.devices.npu0?.base ?? -99) + 2, free: true },
    ]);
    const [r] = s.clean({ op: 'gm.dev-register-physmem', device: 'npu0', page: 7, count: 1 });
    expect(r?.result).toMatchObject({ ret: -12, errno: 'ENOMEM' });
    expect(r?.result.gm).toBeUndefined();
    expect(gm(s.world).devs.npu0?.registeredHnodes).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(Object.keys(gm(s.world).hnodes)).toHaveLength(MAX_NUMNODES - 1);
  });

  test('INV-X7 holds after register_physmem and catches either side missing', () => {
    const s = new Session(gmDoc(setupSteps(['npu0'], 0)));
    const x7 = (w: World) => {
      const out: Violation[] = [];
      checkGmem(w, true, out);
      return out.filter((v) => v.id === 'INV-X7');
    };
    expect(x7(s.world)).toEqual([]);
    const g = gm(s.world);
    const dev = g.devs.npu0;
    if (dev === undefined) throw new Error('no gm_dev');
    // The device lists node 1 but hnodes[1] is gone…
    expect(x7({ ...s.world, gmem: { ...g, hnodes: {} } })).toHaveLength(1);
    // …and hnodes[1] names npu0 but npu0 does not list node 1.
    const devs = { npu0: { ...dev, registeredHnodes: [] } };
    expect(x7({ ...s.world, gmem: { ...g, devs } })).toHaveLength(1);
  });
});

const attach = (as: string, device = 'npu0', activate = true): S => ({
  op: 'gm.as-attach',
  as,
  device,
  proc: 'P1',
  mode: 'SHARE',
  activate,
});

describe('the address-space KPI', () => {
  /** P1, npu0 created with its 8 pages registered (node 1), address spaces as0 and as1. */
  function session(mmu?: Record<string, string>): Session {
    const steps: S[] = [
      { op: 'spawn', proc: 'P1' },
      { op: 'gm.dev-create', device: 'npu0' },
      { op: 'gm.dev-register-physmem', device: 'npu0', page: 0, count: 8 },
      { op: 'gm.as-create', as: 'as0', page: 0, count: 64 },
      { op: 'gm.as-create', as: 'as1', page: 0, count: 64 },
    ];
    const s = new Session(gmDoc(steps, { devices: [gmDevice('npu0', 8, mmu)] }));
    for (const r of s.applied) expect(r.violations).toEqual([]);
    return s;
  }

  test('gm_as_attach: pmap_create fails → that GM_RET value, no context', () => {
    const s = session({ pmap_create: 'GM_RET_NOMEM' });
    const [r] = s.clean(attach('as0'));
    expect(r?.result).toMatchObject({ ret: 1, gm: { ret: 'GM_RET_NOMEM' } });
    expect(gm(s.world).ctxs).toEqual({});
    expect(gm(s.world).devs.npu0).toMatchObject({ currentCtx: null, ctxList: [], ctxAttached: [] });
    expect(gm(s.world).ases.as0?.ctxList).toEqual([]);
    expect(gm(s.world).memsAllowed.P1 ?? []).toEqual([]);
  });

  test('activate makes the context current, activate false leaves current_ctx alone', () => {
    const s = session();
    s.clean(attach('as0'));
    expect(gm(s.world).devs.npu0?.currentCtx).toBe('ctx0');
    s.clean(attach('as1', 'npu0', false));
    expect(gm(s.world).devs.npu0?.currentCtx).toBe('ctx0');
    expect(gm(s.world).ctxs.ctx1).toMatchObject({
      as: 'as1',
      dev: 'npu0',
      proc: 'P1',
      freed: false,
    });
  });

  test('a second attach drops the first context from the device list (swapped list_add_tail)', () => {
    const s = session();
    s.clean(attach('as0'), attach('as1'));
    const dev = gm(s.world).devs.npu0;
    expect(dev?.ctxList).toEqual(['ctx1']);
    expect(dev?.ctxAttached).toEqual(['ctx0', 'ctx1']);
    expect(gm(s.world).ases.as0?.ctxList).toEqual(['ctx0']);
    expect(gm(s.world).ases.as1?.ctxList).toEqual(['ctx1']);
  });

  test("mems_allowed gets the device's registered nodes (INV-X6)", () => {
    const s = session();
    expect(gm(s.world).memsAllowed.P1).toBeUndefined();
    s.clean({ op: 'gm.dev-register-physmem', device: 'npu0', page: 0, count: 4 });
    s.clean(attach('as0'));
    expect(gm(s.world).memsAllowed.P1).toEqual([1, 2]);
    s.clean(attach('as1'));
    expect(gm(s.world).memsAllowed.P1).toEqual([1, 2]);
  });

  test('gm_as_destroy frees the contexts; the device still points at one: use-after-free', () => {
    const s = session();
    s.clean(
      attach('as0'),
      { op: 'mmap', proc: 'P1', page: 0, count: 4, prot: 'rw', peer: true },
      { op: 'gm.as-destroy', as: 'as0' },
    );
    expect(gm(s.world).ctxs.ctx0?.freed).toBe(true);
    expect(gm(s.world).ases.as0).toBeUndefined();
    expect(gm(s.world).devs.npu0?.currentCtx).toBe('ctx0');
    const r = s.step({ op: 'gm.dev-fault', proc: 'P1', device: 'npu0', page: 0 });
    expect(r.result.outcome).toMatchObject({ kind: 'use-after-free' });
    expect(s.world.halted).toMatchObject({ kind: 'use-after-free' });
    // The kernel died inside peer_map, holding the chunk's mutex.
    expect(mappingOf(s.world, 0)).toMatchObject({ flag: 'NOMAP', locked: true });
    // …which is no forgotten mutex_unlock: the step never came to rest (no INV-X8).
    expect(r.violations.map((v) => v.id)).toEqual(['INV-X9']);
  });

  test('gm_as_create with gmem off: the kernel crashes (no gm_as_cache)', () => {
    const s = new Session(
      gmDoc([{ op: 'gm.as-create', as: 'as0', page: 0, count: 4 }], { gmem: false }),
    );
    expect(s.applied[0]?.result.outcome).toMatchObject({ kind: 'crash' });
    expect(s.world.halted).toMatchObject({ kind: 'crash' });
    expect(gm(s.world).ases).toEqual({});
  });
});
