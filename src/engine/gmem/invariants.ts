/**
 * GMEM's invariants (domain.md §3.8): INV-X1, X2, X3, X7 on every check, X8 (no mutex held)
 * at rest. X4, X5, X6 and X9 are properties of the operations (the tests check them around each
 * op); the op code flags X8 when a mapping changes unlocked and X9 on a use of a freed context.
 */
import { v } from '../invariantsCatalog';
import type { Violation } from '../microstep';
import { pvecGet } from '../pvec';
import type { World } from '../types';
import { getProc } from '../world';
import { HPAGE_PAGES, chunkStart } from './types';

/** Which devices' page tables map chunk `chunk` of `proc` (live contexts only). */
export function devicesMapping(world: World, proc: string, chunk: number): string[] {
  const g = world.gmem;
  if (g === undefined) return [];
  const out = new Set<string>();
  for (const ctx of Object.values(g.ctxs)) {
    if (ctx.freed || ctx.proc !== proc) continue;
    if (Object.hasOwn(ctx.pmap, chunk)) out.add(ctx.dev);
  }
  return [...out];
}

export function checkGmem(world: World, atRest: boolean, out: Violation[]): void {
  const g = world.gmem;
  if (g === undefined) return;
  for (const [proc, obj] of Object.entries(g.vmObjs)) {
    const p = getProc(world, proc);
    for (const [key, m] of Object.entries(obj.lpt)) {
      const chunk = Number(key);
      const at = `chunk c${chunk} of ${proc}`;
      if (m.flag !== 'CPU' && m.flag !== 'DEVICE' && m.flag !== 'NOMAP')
        out.push(v('INV-X1', `${at} has no single type`));
      // After an oops the dying thread keeps its mutex: the step never came to rest, and the
      // outcome (crash, use-after-free) is what went wrong, not a forgotten mutex_unlock.
      if (atRest && m.locked && world.halted === null)
        out.push(v('INV-X8', `${at}: gm_mapping->lock is still held at rest`));
      // Inside gm_dev_fault / the host fault the mutex is held and the chunk is in transit.
      if (m.locked) continue;
      const start = chunkStart(chunk);
      const devs = devicesMapping(world, proc, chunk);
      if (m.flag === 'DEVICE') {
        if (m.dev === null || !devs.includes(m.dev))
          out.push(
            v('INV-X2', `${at} is DEVICE on ${m.dev ?? '?'}, whose page table does not map it`),
          );
        const others = devs.filter((d) => d !== m.dev);
        if (others.length > 0)
          out.push(
            v(
              'INV-X2',
              `${at} is on ${m.dev ?? '?'} but ${others.join(', ')} map${others.length === 1 ? 's' : ''} it too`,
            ),
          );
        for (let i = 0; i < HPAGE_PAGES && p !== undefined; i++) {
          if (pvecGet(p.pt, start + i) !== null) {
            out.push(v('INV-X2', `${at} is DEVICE but the CPU still maps page ${start + i}`));
            break;
          }
        }
      } else if (devs.length > 0) {
        out.push(
          v(
            'INV-X2',
            `${at} is ${m.flag} but ${devs.join(', ')} still map${devs.length === 1 ? 's' : ''} it`,
          ),
        );
      }
      if (m.flag === 'CPU') {
        if (m.page === null) {
          out.push(v('INV-X3', `${at} is CPU without a host page`));
          continue;
        }
        for (let i = 0; i < HPAGE_PAGES; i++) {
          const pte = p === undefined ? null : pvecGet(p.pt, start + i);
          if (pte?.kind !== 'present' || pte.frame !== m.page[i]) {
            out.push(
              v(
                'INV-X3',
                `${at} is CPU but the CPU does not map its host page at page ${start + i}`,
              ),
            );
            break;
          }
        }
      }
    }
  }
  for (const d of Object.values(g.devs)) {
    for (const nid of d.registeredHnodes) {
      const h = g.hnodes[nid];
      if (h?.dev !== d.name)
        out.push(
          v(
            'INV-X7',
            `node ${nid} is in ${d.name}'s registered_hnodes but hnodes[${nid}] is not ${d.name}'s`,
          ),
        );
    }
  }
  for (const h of Object.values(g.hnodes)) {
    const d = g.devs[h.dev];
    if (d === undefined || !d.registeredHnodes.includes(h.id))
      out.push(
        v('INV-X7', `hnodes[${h.id}] belongs to ${h.dev}, which does not list node ${h.id}`),
      );
  }
}

/** Whether a change set touched GMEM's objects. */
export function touchesGmem(procKeys: readonly string[]): boolean {
  return procKeys.some((k) => k.startsWith('gm:'));
}
