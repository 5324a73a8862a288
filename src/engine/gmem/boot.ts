/**
 * Boot: `gmem=` (setup_gmem, kstrtobool) and gmem_init(), a subsys_initcall (seed 003
 * @10746-11800, domain.md §2.18 G0). With the option off gmem_init returns at once: no caches,
 * no vm_object cache, no prefetch workqueue, and the gmem_status static key stays off, so
 * gm_dev_create fails with GM_RET_FAILURE_UNKNOWN.
 */
import type { PhasedOp } from './phased';
import { emptyGmem, type GmemState } from './types';

export interface BootCtx {
  readonly on: boolean;
}

const FN = 'gmem_init';

/** The boot sequence as a phase table: createWorld runs it; the views list its phases. */
export const gmemInitOp: PhasedOp<{ on: boolean }, BootCtx> = {
  id: FN,
  initial: 'setup_gmem',
  init: (i) => i,
  phases: {
    setup_gmem: {
      run: (tx, c) => {
        tx.emit(
          'setup_gmem',
          `${FN}.setup_gmem`,
          c.on
            ? 'The kernel command line has gmem=on: setup_gmem sets enable_gmem.'
            : 'No gmem=on on the kernel command line: enable_gmem stays false.',
        );
        return c;
      },
      next: (c) => (c.on ? 'kmem_cache_create' : null),
      to: ['kmem_cache_create'],
    },
    kmem_cache_create: {
      run: (tx, c) => {
        tx.emit(
          FN,
          `${FN}.kmem_cache_create`,
          'gmem_init creates the kmem caches for gm_as, gm_dev and gm_context, then vm_object_init() and the "prefetch" workqueue (GM_WORK_CONCURRENCY 4).',
        );
        return c;
      },
      next: () => 'static_branch_enable',
      to: ['static_branch_enable'],
    },
    static_branch_enable: {
      run: (tx, c) => {
        tx.setGm({ ...tx.gm(), enabled: true }, 'boot');
        tx.emit(
          FN,
          `${FN}.static_branch_enable`,
          'static_branch_enable(&gmem_status): GMEM is on.',
        );
        return c;
      },
      next: () => null,
      to: [],
    },
  },
  finish: () => ({ ret: 0 }),
};

/** The state gmem_init leaves (for createWorld, without running a transaction). */
export function gmemBoot(on: boolean): GmemState {
  return emptyGmem(on);
}
