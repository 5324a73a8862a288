/** The migration invariants (INV-M*, and INV-G7) on what migrate_vma_setup() returned. */
import type { Violation } from './microstep';
import type { MigrateVma } from './mm/migrateTypes';
import { MIGRATE_PFN_MIGRATE, hasFlag, migratePfnToFrame } from './mm/migratePfn';
import { v } from './invariantsCatalog';
import type { World } from './types';
import { frameLabel, getFrame } from './world';

/** INV-M1 / INV-M2 on the struct migrate_vma that migrate_vma_setup returned. */
export function checkMigrateSetup(world: World, mig: MigrateVma): Violation[] {
  const out: Violation[] = [];
  const selected = mig.src.filter((s) => hasFlag(s, MIGRATE_PFN_MIGRATE)).length;
  if (mig.npages !== mig.end - mig.start || mig.cpages !== selected || mig.cpages > mig.npages) {
    out.push(
      v(
        'INV-M1',
        `npages ${mig.npages} for ${mig.end - mig.start} pages, cpages ${mig.cpages}, ${selected} marked MIGRATE`,
      ),
    );
  }
  for (const s of mig.src) {
    const frame = migratePfnToFrame(s);
    if (frame === null || !hasFlag(s, MIGRATE_PFN_MIGRATE)) continue;
    const f = getFrame(world, frame);
    // The page cache also holds a shmem page.
    if (f.pincount > 0) {
      out.push(
        v('INV-G7', `${frameLabel(world, frame)} has ${f.pincount} pins but stays selected`),
      );
    }
    const want = 1 + (frame === mig.faultPage ? 1 : 0) + (f.mapping === 'shmem' ? 1 : 0);
    if (!f.locked || f.mapcount !== 0 || f.refcount !== want) {
      out.push(
        v(
          'INV-M2',
          `${frameLabel(world, frame)}: locked ${f.locked}, mapcount ${f.mapcount}, refcount ${f.refcount} (want ${want})`,
        ),
      );
    }
  }
  return out;
}
