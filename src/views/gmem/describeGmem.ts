/**
 * A GMEM device's memory on the stage (seed 003): the driver's own pages, allocated by its
 * gm_mmu callbacks (GmDev.used, src/engine/gmem/driver.ts). They have no ZONE_DEVICE pgmap and
 * no struct page the kernel counts, so the stage shows the driver's allocator and which
 * context maps each page, never refcounts.
 */
import { frameLabel, getFrame, type Device, type World } from '../../engine';

/** The region's caption words (StageLayers): what this memory is. */
export const GMEM_MEMORY = 'GMEM driver memory (no struct page)';

export const isGmemDevice = (d: Device | undefined): boolean => d?.driver === 'gmem';

/** The context and chunk whose pmap maps device frame `index`, e.g. `ctx0 c0`. */
export function gmemOwner(world: World, index: number): string | null {
  for (const c of Object.values(world.gmem?.ctxs ?? {}))
    for (const [chunk, frames] of Object.entries(c.pmap))
      if (frames.includes(index)) return `${c.name} c${chunk}${c.freed ? ' (freed)' : ''}`;
  return null;
}

export interface GmemFrameView {
  state: 'used' | 'free' | 'offline';
  owner: string | null;
  counters: string;
  label: string;
}

/** How the stage draws one page of a GMEM device's memory. */
export function gmemFrame(world: World, dev: Device, index: number): GmemFrameView {
  const n = index - dev.base;
  const name = frameLabel(world, index);
  const gm = world.gmem?.devs[dev.name];
  if (gm === undefined)
    return {
      state: 'offline',
      owner: null,
      counters: '',
      label: `${name}: ${GMEM_MEMORY}, page ${n}; ${dev.name} is not a gm_dev yet (gm_dev_create has not run).`,
    };
  const used = gm.used[n] === true;
  const owner = used ? gmemOwner(world, index) : null;
  return {
    state: used ? 'used' : 'free',
    owner,
    counters: 'no struct page',
    label: used
      ? `${name}: ${GMEM_MEMORY}, page ${n}, value ${getFrame(world, index).value}, in use by the driver${owner ? `, mapped by ${owner}` : ''}.`
      : `${name}: ${GMEM_MEMORY}, page ${n}, free in the driver's allocator.`,
  };
}
