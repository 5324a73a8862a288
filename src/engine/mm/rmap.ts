/**
 * The reverse-map side of migration: try_to_migrate() (mm/rmap.c) replaces every mapping of a
 * folio with a migration entry, and remove_migration_ptes() (mm/migrate.c) turns migration
 * entries back into mappings of the new (or the same) folio (domain.md §2.14).
 *
 * The model's rmap is the frame's (rmapProc, rmapPage): page->mapping + page->index. Without
 * fork a folio has at most one mapping, so "every mapping" is that one entry.
 */
import type { Tx } from '../tx';
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
  if (f.mapcount === 0 || f.rmapProc === null) return;
  const proc = f.rmapProc;
  const page = f.rmapPage;
  const pte = tx.pte(proc, page);
  if (pte === null || pte.frame !== frame) return;
  if (pte.kind !== 'present' && pte.kind !== 'devicePrivate') return;
  if (pte.kind === 'present' && f.mapping === 'anon' && f.pincount > 0) return;
  mmuNotifierInvalidate(tx, proc, page, page + 1, 'CLEAR', null, phase);
  tx.setPte(proc, page, {
    kind: 'migration',
    frame,
    write: pte.write,
    dirty: pte.kind === 'present' ? pte.dirty : false,
  });
  const g = tx.edit(frame);
  g.mapcount--;
  g.refcount--;
}

/**
 * remove_migration_ptes(src, dst): the migration entry that points at `src` becomes a mapping of
 * `dst` — a device-private entry if `dst` is device private, else a present PTE — writable if the
 * migration entry was and the VMA still allows it (remove_migration_pte rechecks the VMA). Each
 * restored mapping takes a reference and a mapcount on `dst`. Returns how many were restored.
 */
export function removeMigrationPtes(tx: Tx, src: number, dst: number): number {
  const s = tx.frame(src);
  if (s.rmapProc === null) return 0;
  const proc = s.rmapProc;
  const page = s.rmapPage;
  const old = tx.pte(proc, page);
  if (old === null || old.kind !== 'migration' || old.frame !== src) return 0;
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
  d.rmapProc = proc;
  d.rmapPage = page;
  d.mapping = d.mapping ?? s.mapping;
  return 1;
}
