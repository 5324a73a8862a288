/**
 * lib/test_hmm.c dmirror_devmem_fault(): the pgmap's migrate_to_ram callback. It migrates the
 * one faulting page back to system memory with migrate_vma (SELECT_DEVICE_PRIVATE, owner = this
 * device, fault_page = vmf->page), copying through dmirror_devmem_fault_alloc_and_copy.
 *
 * The mirror comes from rpage->zone_device_data, i.e. the mirror that migrated the page; if that
 * mirror was closed, the real driver reads freed memory here. The model only uses it to erase
 * device entries, so a closed mirror simply has nothing to erase.
 */
import {
  MIGRATE_VMA_SELECT_DEVICE_COHERENT,
  MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
} from '../mm/migratePfn';
import type { FaultOutcome } from '../mm/fault';
import type { MigrateVmaArgs } from '../mm/migrateTypes';
import { migrateVmaFinalizeTx } from '../mm/migrateVmaFinalize';
import { migrateVmaPagesTx } from '../mm/migrateVmaPages';
import { migrateVmaSetupTx } from '../mm/migrateVmaSetup';
import type { Tx } from '../tx';
import { isFreeDevicePage } from '../mm/devmem';
import { frameText } from '../mm/frameText';
import { dmirrorDevmemFaultAllocAndCopyTx } from './dmirrorMigrateToSystem';

/** What dmirror_devmem_fault() hands migrate_vma_setup(), and the mirror its copy erases. */
export interface MigrateToRam {
  readonly args: MigrateVmaArgs;
  /** rpage->zone_device_data: the mirror that migrated the page (its device entries go). */
  readonly mirror: string | null;
}

/**
 * dmirror_devmem_fault()'s migrate_vma_setup() arguments: this one page, this device's own
 * pages (SELECT_DEVICE_PRIVATE, or _COHERENT by type), fault_page = the locked page. Null if the
 * frame is not device memory (the driver's VM_FAULT_SIGBUS before any migration).
 */
export function dmirrorDevmemFaultArgs(
  tx: Tx,
  proc: string,
  page: number,
  frame: number,
): MigrateToRam | null {
  const dev = tx.deviceOfFrame(frame);
  if (dev === undefined) return null;
  const zdd = tx.frame(frame).zoneDeviceData;
  // fault_page came with the reference (one patch): without FIX_FAULT_PAGE_PLUMB, or without
  // the reference to account for, migrate_vma is not told which page faulted.
  const plumbed = tx.config.fixes.faultPageRef && tx.config.fixes.faultPagePlumb;
  return {
    mirror: typeof zdd === 'string' ? zdd : null,
    args: {
      proc,
      start: page,
      end: page + 1,
      flags:
        dev.memory === 'private'
          ? MIGRATE_VMA_SELECT_DEVICE_PRIVATE
          : MIGRATE_VMA_SELECT_DEVICE_COHERENT,
      pgmapOwner: dev.name,
      faultPage: plumbed ? frame : null,
    },
  };
}

export function dmirrorDevmemFaultTx(
  tx: Tx,
  proc: string,
  page: number,
  frame: number,
): FaultOutcome {
  if (staleFaultPage(tx, frame)) return 'halted';
  const ram = dmirrorDevmemFaultArgs(tx, proc, page, frame);
  if (ram === null) return 'sigbus';
  const { ret, mig } = migrateVmaSetupTx(tx, ram.args);
  if (ret !== 0) return 'sigbus'; // VM_FAULT_SIGBUS
  const copied = dmirrorDevmemFaultAllocAndCopyTx(tx, mig, ram.mirror);
  const moved = migrateVmaPagesTx(tx, copied.mig);
  migrateVmaFinalizeTx(tx, moved);
  // The newest driver returns VM_FAULT_OOM when the system page cannot be allocated.
  return copied.failed > 0 ? 'oom' : 'done';
}

/**
 * Before the B1 fix nothing held vmf->page: if a racing migration freed it meanwhile,
 * dmirror_devmem_fault reads the zone_device_data of a free page (and, once the pgmap is gone,
 * jumps through a freed pgmap). Reports the use-after-free and returns true.
 */
export function staleFaultPage(tx: Tx, frame: number): boolean {
  if (tx.config.fixes.faultPageRef) return false;
  const f = tx.frame(frame);
  const label = frameText(tx, frame);
  if (f.pgmap === null) {
    tx.fail({
      kind: 'crash',
      invariant: 'INV-P8',
      message: `migrate_to_ram is called through the pgmap of ${label}, freed while the fault held no reference: kernel crash.`,
    });
    tx.emit(
      'dmirror_devmem_fault',
      'dmirror_devmem_fault',
      `migrate_to_ram jumps through the freed pgmap of ${label} (CRASH).`,
    );
    return true;
  }
  if (!isFreeDevicePage(tx.config, f)) return false;
  tx.fail({
    kind: 'use-after-free',
    invariant: 'INV-P9',
    message: `dmirror_devmem_fault reads zone_device_data of ${label}, but a racing migration freed that page after do_swap_page looked it up: the driver reads a free page (use-after-free).`,
  });
  tx.emit(
    'dmirror_devmem_fault',
    'dmirror_devmem_fault',
    `dmirror_devmem_fault reads rpage->zone_device_data of ${label} — a page freed meanwhile, since the fault took no reference: it finds a free-list link, not its mirror (USE-AFTER-FREE).`,
  );
  return true;
}
