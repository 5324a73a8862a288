/**
 * `dev.migrate-back`: HMM_DMIRROR_MIGRATE_TO_SYS (lib/test_hmm.c dmirror_migrate_to_system).
 * Same VMA walk as dev.migrate; migrate_vma_setup selects this device's own pages
 * (SELECT_DEVICE_PRIVATE or SELECT_DEVICE_COHERENT by device type, owner = this device), the
 * driver copies them into new system pages (erasing its device entries), migrate_vma_pages,
 * cpages += pages still VALID|MIGRATE, migrate_vma_finalize. For a coherent device this is the
 * only way back: the CPU never faults on its pages.
 */
import {
  dmirrorDevmemFaultAllocAndCopyTx,
  dmirrorSuccessfulMigratedPages,
} from '../driver/dmirrorMigrateToSystem';
import {
  MIGRATE_VMA_SELECT_DEVICE_COHERENT,
  MIGRATE_VMA_SELECT_DEVICE_PRIVATE,
} from '../mm/migratePfn';
import { migrateVmaFinalizeTx } from '../mm/migrateVmaFinalize';
import { migrateVmaPagesTx } from '../mm/migrateVmaPages';
import { migrateVmaSetupTx } from '../mm/migrateVmaSetup';
import type { OpOutcome } from '../steps';
import type { Tx } from '../tx';
import { isOutcome, openMirror } from './common';
import { forEachMigrateChunk } from './devMigrate';

export function opDevMigrateBack(
  tx: Tx,
  step: { mirror: string; page: number; count: number },
): OpOutcome {
  const m = openMirror(tx, step.mirror);
  if (isOutcome(m)) return m;
  const dev = tx.device(m.device);
  let cpages = 0;
  const ret = forEachMigrateChunk(
    tx,
    m.proc,
    step.page,
    step.page + step.count,
    'dmirror_migrate_to_system',
    (addr, next) => {
      const setup = migrateVmaSetupTx(tx, {
        proc: m.proc,
        start: addr,
        end: next,
        flags:
          dev.memory === 'private'
            ? MIGRATE_VMA_SELECT_DEVICE_PRIVATE
            : MIGRATE_VMA_SELECT_DEVICE_COHERENT,
        pgmapOwner: m.device,
        faultPage: null,
      });
      if (setup.ret !== 0) return setup.ret;
      // torvalds/linux test_hmm: a failed system-page allocation leaves dst = 0; that page is
      // then restored by migrate_vma_pages/finalize and simply not counted in cpages.
      const copied = dmirrorDevmemFaultAllocAndCopyTx(tx, setup.mig, step.mirror);
      const moved = migrateVmaPagesTx(tx, copied.mig);
      cpages += dmirrorSuccessfulMigratedPages(moved);
      migrateVmaFinalizeTx(tx, moved);
      return 0;
    },
  );
  if (ret !== 0) return { ret };
  return { ret: 0, cpages };
}
