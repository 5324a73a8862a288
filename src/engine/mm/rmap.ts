/**
 * The reverse-map side of migration: try_to_migrate() (mm/rmap.c) replaces every mapping of a
 * folio with a migration entry, and remove_migration_ptes() (mm/migrate.c) turns migration
 * entries back into mappings of the new (or the same) folio (domain.md §2.14).
 *
 * The model's rmap is the frame's (rmapProcs, rmapPage): page->mapping + page->index. After
 * fork an anonymous page is mapped at the same virtual page in parent and child, so the walk
 * visits each listed process at that one page (rmap_walk_anon over the anon_vma chain).
 */
import type { Tx } from '../tx';
import { frameText } from './frameText';
import type { Pte } from '../types';
import { findVma } from '../world';
import { mmuNotifierInvalidate } from './notifier';

/**
 * try_to_migrate() → try_to_migrate_one(): under MMU_NOTIFY_CLEAR, a present or device-private
 * entry becomes a migration entry with the same write permission (the B6 fix: a writable
 * device-private entry gives a writable migration entry), then the rmap and the mapping's
 * reference are dropped. A pinned anonymous-exclusive page cannot be unmapped
 * (folio_try_share_anon_rmap_pte() fails) and stays mapped.
 */
export function tryToMigrate(tx: Tx, frame: number, phase: string): void {
  const f = tx.frame(frame);
  if (f.mapcount === 0) return;
  if (refusesCoherent(tx, frame, phase)) return;
  const page = f.rmapPage;
  for (const proc of f.rmapProcs) {
    const pte = tx.pte(proc, page);
    if (pte === null || pte.frame !== frame) continue;
    if (pte.kind !== 'present' && pte.kind !== 'devicePrivate') continue;
    if (pte.kind === 'present' && f.mapping === 'anon' && f.pincount > 0) continue;
    mmuNotifierInvalidate(tx, proc, page, page + 1, 'CLEAR', null, phase);
    const write = pte.write && (pte.kind === 'present' || keepsWrite(tx, proc, page));
    tx.setPte(proc, page, {
      kind: 'migration',
      frame,
      write,
      dirty: pte.kind === 'present' ? pte.dirty : false,
    });
    const g = tx.edit(frame);
    g.mapcount--;
    g.refcount--;
  }
}

/**
 * B7: before the device-coherent series, try_to_migrate() began with
 * `if (is_zone_device_page(page) && !is_device_private_page(page)) return;` — a coherent page
 * keeps its mappings, so the migration restores it.
 */
function refusesCoherent(tx: Tx, frame: number, phase: string): boolean {
  if (tx.config.fixes.tryToMigrateCoherent) return false;
  if (tx.frame(frame).zone !== 'device' || tx.deviceOfFrame(frame)?.memory !== 'coherent')
    return false;
  tx.emit(
    'try_to_migrate',
    phase,
    `try_to_migrate returns at once for ${frameText(tx, frame)}: this kernel only unmaps device-private ZONE_DEVICE pages, so the coherent page keeps its mappings and cannot move.`,
  );
  return true;
}

/**
 * Before "mm/rmap.c: avoid double faults migrating device private pages" try_to_migrate_one()
 * made every device-private migration entry readable (make_readable_migration_entry): the
 * write permission is lost here, and the next store takes a second fault (B6, INV-T7).
 */
function keepsWrite(tx: Tx, proc: string, page: number): boolean {
  if (tx.config.fixes.tryToMigrateKeepsWrite) return true;
  tx.fail({
    kind: 'lost-write',
    invariant: 'INV-T7',
    message: `try_to_migrate_one turns the writable device-private entry of page ${page} of ${proc} into a read-only migration entry: after the migration the PTE is read-only, so the next store faults a second time.`,
  });
  return false;
}

/**
 * remove_migration_ptes(src, dst): every migration entry that points at `src` becomes a mapping of
 * `dst` — a device-private entry if `dst` is device private, else a present PTE — writable if the
 * migration entry was and the VMA still allows it (remove_migration_pte rechecks the VMA). Each
 * restored mapping takes a reference and a mapcount on `dst`. Returns how many were restored.
 */
export function removeMigrationPtes(tx: Tx, src: number, dst: number): number {
  const s = tx.frame(src);
  const page = s.rmapPage;
  let restored = 0;
  for (const proc of s.rmapProcs) {
    const old = tx.pte(proc, page);
    if (old === null || old.kind !== 'migration' || old.frame !== src) continue;
    const p = tx.proc(proc);
    const vma = p === undefined ? undefined : findVma(p.vmas, page);
    const write = old.write && vma !== undefined && vma.write;
    const dev = tx.frame(dst).zone === 'device' ? tx.deviceOfFrame(dst) : undefined;
    const pte: Pte =
      dev !== undefined && dev.memory === 'private'
        ? { kind: 'devicePrivate', frame: dst, write }
        : { kind: 'present', frame: dst, write, dirty: old.dirty, zero: false };
    tx.setPte(proc, page, pte);
    const d = tx.edit(dst);
    d.refcount++;
    d.mapcount++;
    if (!d.rmapProcs.includes(proc)) d.rmapProcs = [...d.rmapProcs, proc];
    d.rmapPage = page;
    d.mapping = d.mapping ?? s.mapping;
    restored++;
  }
  return restored;
}
