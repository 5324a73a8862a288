/**
 * Words for what the 2015 API (seed 000, domain.md §2.17) adds to the stage: HMM's swap entry
 * in a CPU page table, the dummy driver's fake device memory (ordinary pages handed out by a
 * bitmap, not ZONE_DEVICE pages with a pgmap and a free list), and a mirror's two tables — HMM's
 * own (`mirror->pt`) and the driver's (`dmirror->pt`), whose entries carry a dirty bit.
 */
import { deviceOfFrame, frameLabel, type Device, type DptEntry, type World } from '../../engine';

/** The dummy driver's ioctl counters (a step result's `dummy`), in the uapi struct's order. */
export const DUMMY_COUNTERS = [
  'nsys_pages',
  'nfaulted_sys_pages',
  'ndev_pages',
  'nfaulted_dev_pages',
] as const;

/** The caption of a fake device memory region, in two lines (the region is 340 units wide). */
export const FAKE_CAPTION = [
  'rmem_pages: ordinary pages the dummy driver pretends',
  'the CPU cannot reach; allocated by a bitmap',
] as const;

/** The 2015 device whose fake memory holds `frame`, if any. */
export function fakeDeviceOf(world: World, frame: number): Device | undefined {
  const d = deviceOfFrame(world, frame);
  return d?.rmemBitmap ? d : undefined;
}

/** `fake device page 0 (dummy0:0)` or `system page sys:3`: where an entry's data is. */
export function whereIs(world: World, frame: number): string {
  const d = fakeDeviceOf(world, frame);
  return d
    ? `fake device page ${frame - d.base} (${frameLabel(world, frame)})`
    : `system page ${frameLabel(world, frame)}`;
}

/** The accessible name of HMM's swap entry: the words of the task, with the page number. */
export function describeHmmPte(world: World, proc: string, page: number, frame: number): string {
  const d = fakeDeviceOf(world, frame);
  const n = d ? frame - d.base : frame;
  return `Process ${proc}, page ${page}: HMM's swap entry (2015): the data is in fake device page ${n}.`;
}

/** The badge of a mirror entry: its access, and the hmm_pte dirty bit when set. */
export const mirrorBadge = (e: DptEntry | null) =>
  e === null ? 'none' : `${e.access}${e.dirty === true ? ' · dirty' : ''}`;

/** Which of a 2015 mirror's tables, as the stage names them. */
export const TABLE_WORDS = { hpt: 'HMM mirror table', dpt: 'dummy device table' } as const;

/** A sentence for an entry of either table of a 2015 mirror. */
export function describeMirror2015(
  world: World,
  mirror: string,
  table: 'hpt' | 'dpt',
  page: number,
  e: DptEntry | null,
): string {
  const head = `Mirror ${mirror}, ${TABLE_WORDS[table]}, page ${page}`;
  if (e === null) return `${head}: no entry.`;
  const dirty = e.dirty === true ? ', dirty' : '';
  return `${head}: ${e.access} entry to ${whereIs(world, e.frame)}${dirty}.`;
}

/** The `dpfn[]` slot reserving fake page `n` for the MIGRATE_TO in flight, or −1. */
export const reservedSlot = (d: Device, n: number) => (d.dpfn ?? []).indexOf(n);

/** A sentence for a fake device page: its bitmap bit, value, and reservation. */
export function describeFakeFrame(world: World, d: Device, index: number, value: number): string {
  const n = index - d.base;
  const label = `${frameLabel(world, index)}: fake device page ${n}`;
  if (d.rmemBitmap?.[n] !== true) return `${label}, bitmap bit clear (free).`;
  const slot = reservedSlot(d, n);
  const reserved = slot >= 0 ? `, reserved as dpfn[${slot}] by the MIGRATE_TO in flight` : '';
  return `${label}, value ${value}, bitmap bit set (in use)${reserved}.`;
}

/** A fake device page's allocator state (2015): its bitmap bit and its dpfn[] reservation. */
export function fakeFields(d: Device, n: number): { name: string; value: string }[] {
  const slot = reservedSlot(d, n);
  return [
    { name: 'rmem_bitmap bit', value: d.rmemBitmap?.[n] ? 'set (in use)' : 'clear (free)' },
    { name: 'dpfn reservation', value: slot >= 0 ? `dpfn[${slot}] (MIGRATE_TO in flight)` : '—' },
  ];
}

/** The region's header: how many bits of rmem_bitmap are set (short: it shares the title line). */
export function bitmapMeta(d: Device): string {
  const bits = d.rmemBitmap ?? [];
  return `${bits.filter(Boolean).length} of ${bits.length} bits set`;
}

/** The in-flight MIGRATE_TO's reservations (−1: consumed by copy_to_device), kept short. */
export function dpfnLine(d: Device): string {
  if (!d.dpfn) return 'dpfn[]: none (no MIGRATE_TO in flight)';
  const shown = d.dpfn.slice(0, 8).join(', ') + (d.dpfn.length > 8 ? ', …' : '');
  const copied = d.dpfn.includes(-1) ? ' · -1 = copied' : '';
  return `dpfn[] in flight: [${shown}]${copied}`;
}
