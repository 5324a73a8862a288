/**
 * The gm_mmu callback a micro-step makes, as a call into the device: which callback, on which
 * device, with which struct gm_fault_t, and the GM_RET_* it returned (seed 003: struct gm_mmu;
 * domain.md §2.18 G4-G6). The micro-step names the function (`fn`, `phase`); the arguments come
 * from the state GMEM holds while the call runs (the chunk whose gm_mapping mutex is held).
 */
import {
  chunkStart,
  gmRetName,
  GM_RET_NAMES,
  HPAGE_PMD_ORDER,
  type GmMmuBehaviour,
  type GmRetName,
  type MicroStep,
  type World,
} from '../../engine';

/** PAGE_SIZE of the model, for addresses (hostFault.ts computes vmf->address the same way). */
const PAGE_SIZE = 4096;

export interface GmmuCall {
  /** The callback: one of struct gm_mmu's, or `gm_mmu` (the scenario set the driver's behaviour). */
  fn: 'peer_map' | 'peer_unmap' | 'pmap_create' | 'gm_mmu';
  dev: string;
  /** Who calls it: gm_dev_fault, gm_host_fault_locked, gm_as_attach, or the scenario. */
  caller: string;
  /** The argument list as printed, e.g. `gmf{va: 0x0, size: HPAGE_SIZE, copy: true}`. */
  args: string;
  copy: boolean | null;
  /** What it returned; null for `gm_mmu` (a setting, not a call). */
  ret: GmRetName | null;
  /** What the call was about, in words (chunk, which address the gmf really carried). */
  note: string;
}

type Step = Pick<MicroStep, 'fn' | 'phase' | 'narration' | 'changed'>;

const hex = (n: number) => `0x${n.toString(16)}`;

/** The gm_mapping whose mutex is held (gm_dev_fault, the huge-page fault): proc and chunk. */
function lockedChunk(world: World): { proc: string; chunk: number } | null {
  for (const [proc, obj] of Object.entries(world.gmem?.vmObjs ?? {}))
    for (const [chunk, m] of Object.entries(obj.lpt))
      if (m.locked) return { proc, chunk: Number(chunk) };
  return null;
}

/** The device a step names first in its changes (`gm:dev:<name>`), or in its narration. */
function deviceOf(ms: Step, world: World, pattern: RegExp): string | null {
  const said = pattern.exec(ms.narration)?.[1];
  if (said !== undefined && world.gmem?.devs[said] !== undefined) return said;
  const key = ms.changed.procs.find((k) => k.startsWith('gm:dev:'));
  return key?.slice('gm:dev:'.length) ?? ms.changed.devices[0] ?? null;
}

/**
 * The return value: the one the narration reports (engine's `returns GM_RET_*`), else the
 * driver's configured failure, else success.
 */
function retOf(ms: Step, mmu: GmMmuBehaviour | undefined, fn: keyof GmMmuBehaviour): GmRetName {
  const said = /returns (GM_RET_[A-Z_]+)/i.exec(ms.narration)?.[1];
  if (said !== undefined && (GM_RET_NAMES as readonly string[]).includes(said))
    return said as GmRetName;
  return mmu?.[fn] ?? gmRetName(0)!;
}

/** The gm_mmu call the micro-step on screen makes, or null if it makes none. */
export function gmmuCallOf(ms: Step | null, world: World): GmmuCall | null {
  if (ms === null || world.gmem === undefined) return null;
  const g = world.gmem;
  if (ms.fn === 'gm_mmu') {
    const dev = deviceOf(ms, world, /^(\S+?)'s driver callbacks/);
    const mmu = dev === null ? undefined : (world.devices[dev]?.gmMmu ?? g.devs[dev]?.mmu);
    if (dev === null || mmu === undefined) return null;
    const args = (Object.keys(mmu) as (keyof GmMmuBehaviour)[])
      .map((k) => `${k} → ${mmu[k] === 'GM_RET_SUCCESS' ? 'works' : mmu[k]}`)
      .join(', ');
    return { fn: 'gm_mmu', dev, caller: 'scenario', args, copy: null, ret: null, note: '' };
  }
  if (ms.phase === 'gm_as_attach.pmap_create') {
    const dev = deviceOf(ms, world, /(?:calls |gm_as_attach\([^,]+, )([\w-]+?)(?:'s|,)/);
    if (dev === null) return null;
    const ctx = ms.changed.procs.find((k) => k.startsWith('gm:ctx:'))?.slice('gm:ctx:'.length);
    return {
      fn: 'pmap_create',
      dev,
      caller: 'gm_as_attach',
      args: `dev, &${ctx ?? 'ctx'}->pmap`,
      copy: null,
      ret: retOf(ms, g.devs[dev]?.mmu, 'pmap_create'),
      note: ctx !== undefined ? `a device page table for ${ctx}` : 'the context is freed again',
    };
  }
  if (ms.fn !== 'peer_map' && ms.fn !== 'peer_unmap') return null;
  const at = lockedChunk(world);
  const dev = deviceOf(ms, world, /^(\S+?)'s (?:driver callback )?peer_(?:un)?map/);
  if (dev === null || at === null) return null;
  const m = g.vmObjs[at.proc]?.lpt[at.chunk];
  const base = chunkStart(at.chunk) * PAGE_SIZE;
  if (ms.fn === 'peer_map') {
    // gm_dev_fault sets gmf.copy only on the CPU branch, where the mapping is still CPU
    // (with its page) until set_device (devFault.ts zap_page_range_single).
    const copy = m?.flag === 'CPU' && m.page !== null;
    return {
      fn: 'peer_map',
      dev,
      caller: 'gm_dev_fault',
      args: `gmf{va: ${hex(base)}, size: HPAGE_SIZE, copy: ${copy}}`,
      copy,
      ret: retOf(ms, g.devs[dev]?.mmu, 'peer_map'),
      note: `${at.proc}'s chunk c${at.chunk}`,
    };
  }
  // gm_host_fault_locked: va = vmf->address & ((1 << HPAGE_PMD_ORDER) - 1), copy = true
  // (seed 003 @15452; the mask keeps the low bits, not the chunk's base: B14).
  const va = base & ((1 << HPAGE_PMD_ORDER) - 1);
  return {
    fn: 'peer_unmap',
    dev,
    caller: 'gm_host_fault_locked',
    args: `gmf{va: ${hex(va)}, size: HPAGE_SIZE, copy: true}`,
    copy: true,
    ret: retOf(ms, g.devs[dev]?.mmu, 'peer_unmap'),
    note:
      va === base
        ? `${at.proc}'s chunk c${at.chunk}`
        : `${at.proc} faulted in c${at.chunk} (${hex(base)}), but the masked va is ${hex(va)}`,
  };
}
