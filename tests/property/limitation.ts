/**
 * A limitation of the test driver that random documents must stop short of (the engine models
 * it faithfully and INV-H2 reports it, as for two mirrors of one device in one process,
 * docs/scenario-format.md).
 *
 * After fork, a device-private page is shared by parent and child. If the mirror of the *other*
 * process on the page's device maps it (hmm_range_fault hands it over: it belongs to that
 * device), and that process then faults the page back, the mirror keeps a stale entry:
 * dmirror_interval_invalidate skips MMU_NOTIFY_MIGRATE events whose owner is its own device
 * ("the invalidation is handled as part of the migration process"), and
 * dmirror_devmem_fault_alloc_and_copy only erases the entries of the mirror the page's
 * zone_device_data names — the one that migrated it (lib/test_hmm.c).
 */
import {
  applyStep,
  createWorld,
  deviceOfFrame,
  getFrame,
  pvecForEach,
  type World,
} from '../../src/engine/index';
import type { ScenarioDoc } from '../../src/engine/trace';

/** A mirror entry for a device-private page that another mirror migrated, if any. */
export function foreignDevicePrivateEntry(w: World): string | null {
  for (const m of Object.values(w.mirrors)) {
    let found: string | null = null;
    pvecForEach(m.pt, 0, Infinity, (page, e) => {
      const owner = getFrame(w, e.frame).zoneDeviceData;
      if (found === null && deviceOfFrame(w, e.frame)?.memory === 'private' && owner !== m.name) {
        found = `${m.name} maps page ${page}, a device page ${String(owner)} migrated`;
      }
    });
    if (found !== null) return found;
  }
  return null;
}

/**
 * The document up to (and including) the step after which the limitation can strike; and
 * before a `dev.release` that answers -EBUSY: that result stands for memunmap_pages waiting
 * forever on a page it could not evict (devRelease.ts) — a removal the kernel never finishes, so
 * nothing after it can be expected to tear down cleanly (a coherent page held device-exclusive
 * by another device's mirror is one way there).
 */
export function cutAtLimitation(doc: ScenarioDoc): ScenarioDoc {
  let w = createWorld(doc.machine);
  for (let i = 0; i < doc.steps.length; i++) {
    const r = applyStep(w, doc.steps[i]!, i);
    if (r.result.op === 'dev.release' && r.result.errno === 'EBUSY')
      return { ...doc, steps: doc.steps.slice(0, i) };
    w = r.world;
    if (foreignDevicePrivateEntry(w) !== null) return { ...doc, steps: doc.steps.slice(0, i + 1) };
  }
  return doc;
}
