/**
 * The page-table invariants (INV-T*): each CPU entry against its VMA and its page, and the
 * checks fork (copy_page_range) and a copy-on-write break run on what they just built.
 */
import type { Violation } from './microstep';
import { dedupe, isMapping, v } from './invariantsCatalog';
import { pvecForEach } from './pvec';
import type { Pte, World } from './types';
import { deviceOfFrame, findVma, frameLabel, getFrame, getProc, getPte } from './world';

/** Checks one page-table entry (always-invariants). */
export function checkPte(
  world: World,
  proc: string,
  page: number,
  pte: Pte,
  out: Violation[],
): void {
  const p = getProc(world, proc);
  const vma = p === undefined ? undefined : findVma(p.vmas, page);
  const where = `${proc} page ${page}`;
  if (vma === undefined) out.push(v('INV-T13', `${where} has a ${pte.kind} entry outside any VMA`));
  if (pte.write && vma !== undefined && !vma.write) {
    out.push(v('INV-T8', `${where} is writable in a VMA without VM_WRITE`));
  }
  if (pte.kind === 'present' && pte.zero) return;
  // A 2015 HMM entry maps nothing (no mapcount, no reference): its fake page is the driver's.
  if (pte.kind === 'hmm') return;
  const f = getFrame(world, pte.frame);
  const dev = f.zone === 'device' ? deviceOfFrame(world, pte.frame) : undefined;
  const label = frameLabel(world, pte.frame);
  if (pte.kind === 'present' && dev?.memory === 'private') {
    out.push(v('INV-T1', `${where} maps device-private ${label} with a present PTE`));
  }
  if (pte.kind === 'devicePrivate' && dev?.memory !== 'private') {
    out.push(
      v(
        'INV-T2',
        `${where} has a device-private entry for ${label}, which is not device-private memory`,
      ),
    );
  }
  if (pte.kind === 'migration' && !f.locked) {
    out.push(v('INV-T4', `${where} is a migration entry for unlocked ${label}`));
  }
  if (isMapping(pte) && (!f.rmapProcs.includes(proc) || f.rmapPage !== page || f.mapcount < 1)) {
    out.push(
      v(
        'INV-T9',
        `${where} maps ${label}, whose mapcount is ${f.mapcount} (rmap ${f.rmapProcs.join(',')}:${f.rmapPage})`,
      ),
    );
  }
}

/**
 * INV-T10 / INV-T12 over one VMA [start, end) that copy_page_range() just copied from `parent`
 * to `child` (a private VMA is a CoW mapping: its device-private entries must be read-only).
 */
export function checkForkVma(
  world: World,
  parent: string,
  child: string,
  start: number,
  end: number,
  cow: boolean,
): Violation[] {
  const out: Violation[] = [];
  for (const proc of [parent, child]) {
    const p = getProc(world, proc);
    if (p === undefined) continue;
    pvecForEach(p.pt, start, end, (page, pte) => {
      if (pte.kind === 'deviceExclusive') {
        out.push(v('INV-T12', `${proc} page ${page} is still a device-exclusive entry after fork`));
      }
      if (pte.kind !== 'devicePrivate' || !cow) return;
      const other = getPte(world, proc === parent ? child : parent, page);
      if (pte.write || other === null || other.frame !== pte.frame || other.write) {
        out.push(
          v('INV-T10', `${proc} page ${page}: device-private entry not shared read-only by both`),
        );
      }
    });
  }
  return dedupe(out);
}

/** INV-T11: the page a CoW break gave the writer is not ZONE_DEVICE memory. */
export function checkCowCopy(world: World, proc: string, page: number, frame: number): Violation[] {
  if (getFrame(world, frame).zone === 'normal') return [];
  return [v('INV-T11', `${proc} page ${page} got ${frameLabel(world, frame)} from a CoW break`)];
}
