/**
 * `gup.get` / `gup.pin` / `gup.unpin`: get_user_pages (FOLL_GET), pin_user_pages (FOLL_PIN,
 * FOLL_LONGTERM when `longterm`) and their release (put_page / unpin_user_pages), as a driver or
 * the gup_test module calls them (domain.md §2.12, kernel-selftests.md hmm_gup_test).
 *
 * The pages stay held by the handle named `as` until `gup.unpin`; exit and munmap drop the
 * mappings, not the handle's references (a pin belongs to whoever took it).
 */
import { err } from '../errno';
import { rangeText } from '../narrate';
import { type GupRequest, getUserPagesTx, gupPutFolio } from '../mm/gup';
import { checkAndMigrateMovablePagesTx, migrateLongtermUnpinnableTx } from '../mm/gupLongterm';
import type { OpOutcome, SupportedStep } from '../steps';
import type { Tx } from '../tx';
import { isOutcome, liveProc } from './common';

export const PHASE_GUP_HANDLE = 'gup.handle';

/** A gup.get / gup.pin step. */
export type GupStep = Extract<SupportedStep, { op: 'gup.get' | 'gup.pin' }>;

/** The checks before GUP runs: a live process (-ESRCH) and a free handle name (-EEXIST). */
export function gupValidate(tx: Tx, step: GupStep): GupRequest | OpOutcome {
  const p = liveProc(tx, step.proc);
  if (isOutcome(p)) return p;
  if (tx.gup(step.as) !== undefined) {
    return { ret: err('EEXIST'), error: `GUP handle ${step.as} is already held` };
  }
  const write = step.write ?? false;
  let fast = true;
  for (let i = 0; i < step.count && fast; i++) {
    const pte = tx.pte(step.proc, step.page + i);
    fast = pte !== null && pte.kind === 'present' && (!write || pte.write);
  }
  return {
    proc: step.proc,
    start: step.page,
    count: step.count,
    write,
    pin: step.op === 'gup.pin',
    longterm: step.op === 'gup.pin' && (step.longterm ?? false),
    fast,
  };
}

/** The caller keeps the pages: the handle records them for gup.unpin. */
export function gupRecordTx(tx: Tx, name: string, req: GupRequest, frames: number[]): void {
  tx.setGup(name, {
    name,
    proc: req.proc,
    start: req.start,
    frames,
    pin: req.pin,
    longterm: req.longterm,
    write: req.write,
  });
  const fn = req.pin ? 'pin_user_pages' : 'get_user_pages';
  const flags = [req.pin ? 'FOLL_PIN' : 'FOLL_GET'];
  if (req.write) flags.push('FOLL_WRITE');
  if (req.longterm) flags.push('FOLL_LONGTERM');
  tx.emit(
    fn,
    PHASE_GUP_HANDLE,
    tx.coalescing
      ? ''
      : `${fn} (${flags.join(' | ')}) returns ${rangeText(req.start, req.start + req.count)} of ${req.proc}; handle ${name} holds ${req.pin ? 'a pin' : 'a reference'} on each page until it is released.`,
  );
}

/** Long-term GUP passes before giving up (the second pass always succeeds in this model). */
const MAX_PASSES = 4;

export function opGup(tx: Tx, step: GupStep): OpOutcome {
  const req = gupValidate(tx, step);
  if (isOutcome(req)) return req;
  for (let pass = 0; ; pass++) {
    if (pass === MAX_PASSES) throw new Error('FOLL_LONGTERM GUP did not converge');
    const r = getUserPagesTx(tx, req);
    if (r.ret !== 0) return { ret: r.ret };
    if (!req.longterm) return record(tx, step.as, req, r.frames);
    const bad = checkAndMigrateMovablePagesTx(tx, req, r.frames);
    if (bad.length === 0) return record(tx, step.as, req, r.frames);
    const ret = migrateLongtermUnpinnableTx(tx, req.proc, req.start, r.frames);
    if (ret !== err('EAGAIN')) return { ret };
  }
}

function record(tx: Tx, name: string, req: GupRequest, frames: number[]): OpOutcome {
  gupRecordTx(tx, name, req, frames);
  return { ret: 0 };
}

/** `gup.unpin`: put_page (FOLL_GET) or unpin_user_pages (FOLL_PIN) on every page of the handle. */
export function opGupUnpin(tx: Tx, step: { pin: string }): OpOutcome {
  const h = tx.gup(step.pin);
  if (h === undefined) return { ret: err('EINVAL'), error: `no GUP handle ${step.pin} is held` };
  let freed = 0;
  for (const frame of h.frames) if (gupPutFolio(tx, frame, h.pin)) freed++;
  tx.setGup(step.pin, null);
  tx.emit(
    h.pin ? 'unpin_user_pages' : 'put_page',
    PHASE_GUP_HANDLE,
    tx.coalescing
      ? ''
      : `Handle ${step.pin} releases ${rangeText(h.start, h.start + h.frames.length)} of ${h.proc}: ${h.pin ? 'unpin_user_pages drops each pin and its reference' : 'put_page drops each reference'}` +
          (freed > 0
            ? `; ${freed} ${freed === 1 ? 'page was' : 'pages were'} held only by the handle and ${freed === 1 ? 'is' : 'are'} freed.`
            : '.'),
  );
  return { ret: 0 };
}
