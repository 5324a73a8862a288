/**
 * `gup.get` / `gup.pin`: get_user_pages / pin_user_pages (mm/gup.c; domain.md §2.12, S12, S13),
 * the engine's ops/gup.ts phase by phase.
 *
 * __get_user_pages (per page: check_vma_flags, follow_page_pte, faultin_page → handle_mm_fault
 * when the PTE cannot give the page — a device-private page migrates back to system memory, a
 * device-exclusive entry is restored — then try_grab_folio) → for FOLL_LONGTERM,
 * check_and_migrate_movable_pages → if a page is device-coherent,
 * migrate_longterm_unpinnable_folios drops every pin, migrates it to system memory, and GUP
 * runs again (-EAGAIN), or fails with -EBUSY → GUP returns and the handle keeps the pages.
 */
import { assign, setup } from 'xstate';
import {
  type GupRequest,
  type GupStep,
  checkAndMigrateMovablePages,
  err,
  getUserPages,
  gupReturn,
  gupStart,
  migrateLongtermUnpinnableFolios,
} from '../../engine/index';
import {
  type OpContextBase,
  type OpEvent,
  type OpInput,
  type OpOutput,
  baseContext,
  finishOp,
} from '../opTypes';
import { runIn } from '../phaseLog';

/** Long-term passes before giving up (ops/gup.ts MAX_PASSES; two always suffice here). */
const MAX_PASSES = 4;

export interface GupContext extends OpContextBase {
  readonly step: GupStep;
  readonly req: GupRequest | null;
  readonly frames: readonly number[];
  /** Pages that may not stay pinned long-term (indices into `frames`). */
  readonly unpinnable: number;
  /** Passes of __get_user_pages so far. */
  readonly passes: number;
}

const theReq = (c: GupContext): GupRequest => {
  if (c.req === null) throw new Error('GUP has no request');
  return c.req;
};

export const gupMachine = setup({
  types: {
    context: {} as GupContext,
    events: {} as OpEvent,
    input: {} as OpInput<GupStep>,
    output: {} as OpOutput,
  },
  guards: {
    refused: ({ context }) => context.outcome !== null,
    notLongterm: ({ context }) => !theReq(context).longterm,
    allPinnable: ({ context }) => context.unpinnable === 0,
    again: ({ context }) => context.outcome === null,
  },
  actions: {
    gupStart: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => gupStart(w, c.step));
      return 'ret' in value ? { ...log, outcome: value } : { ...log, req: value };
    }),
    getUserPages: assign(({ context: c }) => {
      if (c.passes === MAX_PASSES) throw new Error('FOLL_LONGTERM GUP did not converge');
      const { log, value } = runIn(c, (w) => getUserPages(w, theReq(c)));
      return {
        ...log,
        frames: value.frames,
        passes: c.passes + 1,
        outcome: value.ret === 0 ? null : { ret: value.ret },
      };
    }),
    checkAndMigrateMovablePages: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) => checkAndMigrateMovablePages(w, theReq(c), c.frames));
      return { ...log, unpinnable: value.length };
    }),
    migrateLongtermUnpinnableFolios: assign(({ context: c }) => {
      const { log, value } = runIn(c, (w) =>
        migrateLongtermUnpinnableFolios(w, theReq(c), c.frames),
      );
      return { ...log, frames: [], outcome: value === err('EAGAIN') ? null : { ret: value } };
    }),
    gupReturn: assign(({ context: c }) => ({
      ...runIn(c, (w) => gupReturn(w, c.step.as, theReq(c), c.frames)).log,
      outcome: { ret: 0 },
    })),
  },
}).createMachine({
  id: 'gup',
  context: ({ input }) => ({
    ...baseContext(input),
    step: input.step,
    req: null,
    frames: [],
    unpinnable: 0,
    passes: 0,
  }),
  initial: 'gupStart',
  states: {
    /** The caller's checks: a live process (-ESRCH), a free handle name (-EEXIST). */
    gupStart: {
      entry: 'gupStart',
      on: { 'op.step': [{ guard: 'refused', target: 'failed' }, { target: 'getUserPages' }] },
    },
    /** mm/gup.c __get_user_pages(): follow_page_pte, faultin_page, try_grab_folio. */
    getUserPages: {
      entry: 'getUserPages',
      on: {
        'op.step': [
          { guard: 'refused', target: 'failed' },
          { guard: 'notLongterm', target: 'gupReturn' },
          { target: 'checkAndMigrateMovablePages' },
        ],
      },
    },
    /** mm/gup.c check_and_migrate_movable_pages(): may every page stay pinned long-term? */
    checkAndMigrateMovablePages: {
      entry: 'checkAndMigrateMovablePages',
      on: {
        'op.step': [
          { guard: 'allPinnable', target: 'gupReturn' },
          { target: 'migrateLongtermUnpinnableFolios' },
        ],
      },
    },
    /** mm/gup.c migrate_longterm_unpinnable_folios() → migrate_device_coherent_folio(). */
    migrateLongtermUnpinnableFolios: {
      entry: 'migrateLongtermUnpinnableFolios',
      on: { 'op.step': [{ guard: 'again', target: 'getUserPages' }, { target: 'failed' }] },
    },
    /** get_user_pages / pin_user_pages returns; the handle keeps the pages. */
    gupReturn: {
      entry: 'gupReturn',
      on: { 'op.step': 'done' },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
  output: ({ context }) => finishOp(context),
});

export type GupMachine = typeof gupMachine;
