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
import { migrateVmaFinalizeTx } from '../mm/migrateVmaFinalize';
import { migrateVmaPagesTx } from '../mm/migrateVmaPages';
import { migrateVmaSetupTx } from '../mm/migrateVmaSetup';
import type { Tx } from '../tx';
import { dmirrorDevmemFaultAllocAndCopyTx } from './dmirrorMigrateToSystem';

export function dmirrorDevmemFaultTx(
  tx: Tx,
  proc: string,
  page: number,
  frame: number,
): FaultOutcome {
  const dev = tx.deviceOfFrame(frame);
  if (dev === undefined) return 'sigbus';
  const zdd = tx.frame(frame).zoneDeviceData;
  const mirror = typeof zdd === 'string' ? zdd : null;
  const { ret, mig } = migrateVmaSetupTx(tx, {
    proc,
    start: page,
    end: page + 1,
    flags:
      dev.memory === 'private'
        ? MIGRATE_VMA_SELECT_DEVICE_PRIVATE
        : MIGRATE_VMA_SELECT_DEVICE_COHERENT,
    pgmapOwner: dev.name,
    faultPage: frame,
  });
  if (ret !== 0) return 'sigbus'; // VM_FAULT_SIGBUS
  const copied = dmirrorDevmemFaultAllocAndCopyTx(tx, mig, mirror);
  const moved = migrateVmaPagesTx(tx, copied.mig);
  migrateVmaFinalizeTx(tx, moved);
  // The newest driver returns VM_FAULT_OOM when the system page cannot be allocated.
  return copied.failed > 0 ? 'oom' : 'done';
}
