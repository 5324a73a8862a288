/**
 * The reference model of the engine properties: per process, the value last written to each
 * page ("unknown" after a failed device write, which may have copied some pages before it
 * stopped). A page's value is forgotten when its mapping goes.
 *
 * fork gives the child a copy of the parent's values. Private pages are copied on write, so
 * they stay independent: a child's write is never seen by the parent (CoW isolation). A page of
 * a shared mapping that the parent had faulted in at fork is the same shmem page in both, so a
 * write through either is read back exactly by the other ("linked" below); a page of a shared
 * mapping first touched after the fork is separate in the model, where the kernel would share
 * it (docs/scenario-format.md, model decisions), so the others may then see anything.
 */
import { expect } from 'vitest';
import { findVma, getPte, type Step, type StepResult, type World } from '../../src/engine/index';

type Cell = number | 'unknown';

/** A VMA as the reference sees it: shared ones name their shmem object. */
interface RefVma {
  readonly start: number;
  readonly end: number;
  readonly shm: number | null;
}

export class Reference {
  private readonly mem = new Map<string, Map<number, Cell>>();
  private readonly vmas = new Map<string, RefVma[]>();
  /** `proc:page` → group: the mappings of one shmem page shared across a fork. */
  private readonly links = new Map<string, number>();
  private nextShm = 1;
  private nextLink = 1;
  private readonly mirrorProc = new Map([
    ['mA0', 'A'],
    ['mA1', 'A'],
    ['mB0', 'B'],
  ]);

  private pages(p: string): Map<number, Cell> {
    let m = this.mem.get(p);
    if (m === undefined) this.mem.set(p, (m = new Map()));
    return m;
  }

  private unmap(p: string, start: number, end: number): void {
    const out: RefVma[] = [];
    for (const v of this.vmas.get(p) ?? []) {
      if (v.end <= start || v.start >= end) out.push(v);
      else {
        if (v.start < start) out.push({ ...v, end: start });
        if (v.end > end) out.push({ ...v, start: end });
      }
    }
    this.vmas.set(p, out);
    for (const key of [...this.links.keys()]) {
      const [q, page] = key.split(':');
      if (q === p && Number(page) >= start && Number(page) < end) this.links.delete(key);
    }
  }

  private shmAt(p: string, page: number): number | null {
    return this.vmas.get(p)?.find((v) => v.start <= page && page < v.end)?.shm ?? null;
  }

  /** `p` wrote `cell` to `page`: linked mappings see it, other mappings of the shmem may not. */
  private wrote(p: string, page: number, cell: Cell): void {
    this.pages(p).set(page, cell);
    const shm = this.shmAt(p, page);
    if (shm === null) return;
    const link = this.links.get(`${p}:${page}`);
    for (const q of this.mem.keys()) {
      if (q === p || this.shmAt(q, page) !== shm) continue;
      const same = link !== undefined && this.links.get(`${q}:${page}`) === link;
      this.pages(q).set(page, same ? cell : 'unknown');
    }
  }

  /** fork: the child copies the values; shared pages the parent has faulted in are linked. */
  private fork(p: string, child: string, before: World): void {
    this.unmap(child, 0, Infinity);
    this.mem.set(child, new Map(this.pages(p)));
    this.vmas.set(child, [...(this.vmas.get(p) ?? [])]);
    const vmas = before.procs[p]?.vmas ?? [];
    for (const v of this.vmas.get(p) ?? []) {
      if (v.shm === null) continue;
      for (let page = v.start; page < v.end; page++) {
        if (getPte(before, p, page) === null || !findVma(vmas, page)?.shared) continue;
        let link = this.links.get(`${p}:${page}`);
        if (link === undefined) this.links.set(`${p}:${page}`, (link = this.nextLink++));
        this.links.set(`${child}:${page}`, link);
      }
    }
  }

  /** Checks one step's result; `before` is the world the step ran on. */
  check(step: Step, r: StepResult, before: World): void {
    const s = step as Step & { proc?: string; mirror?: string; page: number; count: number };
    const p = s.proc ?? this.mirrorProc.get(s.mirror ?? '') ?? '';
    const m = this.pages(p);
    const expectData = (data: readonly number[] | undefined) => {
      expect(data).toHaveLength(s.count);
      data?.forEach((v, i) => {
        const want = m.get(s.page + i) ?? 0;
        if (want === 'unknown') m.set(s.page + i, v);
        else expect(v, `${step.op} page ${s.page + i} of ${p}`).toBe(want);
      });
    };
    switch (step.op) {
      case 'spawn':
      case 'exit':
        if (r.ret === 0) {
          this.unmap(p, 0, Infinity);
          this.mem.set(p, new Map());
          this.vmas.set(p, []);
        }
        break;
      case 'fork':
        if (r.ret === 0) this.fork(p, (step as unknown as { child: string }).child, before);
        break;
      case 'mmap':
      case 'munmap':
        if (r.ret === 0) {
          for (let i = 0; i < s.count; i++) m.delete(s.page + i);
          this.unmap(p, s.page, s.page + s.count);
          if (step.op === 'mmap') {
            const shm = (step as unknown as { shared?: boolean }).shared ? this.nextShm++ : null;
            this.vmas.get(p)?.push({ start: s.page, end: s.page + s.count, shm });
          }
        }
        break;
      case 'cpu.read':
      case 'dev.read':
      case 'dev.migrate':
      case 'dev.exclusive':
        if (r.ret === 0) expectData(r.data);
        break;
      case 'cpu.write': {
        const values = (step as unknown as { values: number[] }).values;
        const done = r.ret === 0 ? s.count : r.signalPage !== undefined ? r.signalPage - s.page : 0;
        for (let i = 0; i < done; i++) this.wrote(p, s.page + i, values[i] as number);
        break;
      }
      case 'dev.write': {
        const v = (step as unknown as { value: number }).value;
        for (let i = 0; i < s.count; i++) this.wrote(p, s.page + i, r.ret === 0 ? v : 'unknown');
        break;
      }
      default:
        break;
    }
  }
}
