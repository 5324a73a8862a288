/**
 * Words for what the stage draws: the same labels serve the visible text, the accessible names
 * and the tests, so a reader and a screen reader are told the same thing.
 */
import { deviceOfFrame } from '../../engine';
import {
  frameLabel,
  isFreeDevicePage,
  pgmapOverwritten,
  type DptEntry,
  type Frame,
  type Pte,
  type World,
} from '../../engine';
import { describeFakeFrame, describeHmmPte, fakeDeviceOf } from './describe2015';

/** Short badge of a CPU page-table entry's kind, by label as well as by shape and colour. */
export function pteBadge(pte: Pte | null): string {
  if (pte === null) return 'none';
  switch (pte.kind) {
    case 'present':
      return pte.zero ? 'zero page' : pte.write ? 'present RW' : 'present R';
    case 'devicePrivate':
      return pte.write ? 'dev-private RW' : 'dev-private R';
    case 'migration':
      return pte.write ? 'migration RW' : 'migration R';
    case 'deviceExclusive':
      return 'dev-exclusive';
    case 'hmm':
      return 'HMM entry';
  }
}

/** A sentence for an entry of a process's page table. */
export function describePte(world: World, proc: string, page: number, pte: Pte | null): string {
  if (pte === null) return `Process ${proc}, page ${page}: no entry.`;
  if (pte.kind === 'hmm') return describeHmmPte(world, proc, page, pte.frame);
  return `Process ${proc}, page ${page}: ${pteBadge(pte)} entry to ${frameLabel(world, pte.frame)}.`;
}

/** A sentence for an entry of a mirror's device page table. */
export function describeDpt(
  world: World,
  mirror: string,
  page: number,
  e: DptEntry | null,
): string {
  if (e === null) return `Mirror ${mirror}, page ${page}: no device entry.`;
  return `Mirror ${mirror}, page ${page}: ${e.access} entry to ${frameLabel(world, e.frame)}.`;
}

/** The counters of a struct page, as the stage prints them. */
export function frameCounters(f: Frame): string {
  return `ref ${f.refcount} · map ${f.mapcount} · pin ${f.pincount}`;
}

/**
 * Whether a device frame is free (on its driver's free list): refcount 0 in the fixed kernel;
 * before the 2022 fixes a free page kept refcount 1 (isFreeDevicePage tells them apart).
 */
export function isFreeDeviceFrame(world: World, f: Frame): boolean {
  return f.zone === 'device' && (f.refcount === 0 || isFreeDevicePage(world.config, f));
}

/** A sentence for a frame. */
export function describeFrame(world: World, index: number, f: Frame): string {
  const label = frameLabel(world, index);
  // 2015: fake device memory has no pgmap at all; its allocator is the driver's bitmap.
  const fake = fakeDeviceOf(world, index);
  if (fake) return describeFakeFrame(world, fake, index, f.value);
  const gdev = f.zone === 'device' ? deviceOfFrame(world, index) : undefined;
  if (gdev?.driver === 'gmem') {
    const used = world.gmem?.devs[gdev.name]?.used[index - gdev.base] === true;
    return `${label}: ${gdev.name}'s own memory (GMEM, no struct page), ${used ? `in use, value ${f.value}` : 'free'}.`;
  }
  if (f.zone === 'device' && f.pgmap === null) return `${label}: device memory not registered.`;
  if (isFreeDeviceFrame(world, f)) return `${label}: free, on the driver's free list.`;
  // B8: LRU list operations wrote list pointers over pgmap and zone_device_data (lruAlias.ts).
  if (pgmapOverwritten(f))
    return `${label}: value ${f.value}, ${frameCounters(f)}; pgmap and zone_device_data overwritten by LRU list operations.`;
  const owner = typeof f.zoneDeviceData === 'string' ? `, owned by mirror ${f.zoneDeviceData}` : '';
  const lock = f.locked ? ', locked' : '';
  return `${label}: value ${f.value}, ${frameCounters(f)}${lock}${owner}.`;
}

/** A snapshot byte (test_hmm's dmirror_mkentry, kernel-selftests.md §A.6) in words. */
export function decodeProt(byte: number): string {
  if (byte === 0xff) return 'error (no readable VMA)';
  if (byte === 0) return 'none (not valid)';
  const type = byte & 0xf0;
  const kind =
    type === 0x10
      ? 'zero page'
      : type === 0x20
        ? 'device private, this device'
        : type === 0x30
          ? 'device private, another device'
          : type === 0x40
            ? 'device coherent, this device'
            : type === 0x50
              ? 'device coherent, another device'
              : 'system page';
  const perm = byte & 0x02 ? 'writable' : 'read-only';
  const size = byte & 0x04 ? ', PMD' : byte & 0x08 ? ', PUD' : '';
  return `${kind}, ${perm}${size}`;
}

/** `0x22` */
export const hexByte = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;
