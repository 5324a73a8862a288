/**
 * The fork selftests of tools/testing/selftests/mm/hmm-tests.c as scenario steps, shared by the
 * conformance tests and the machine ⇄ engine cross-check. The parent is T, the child C; the
 * child's own mirror is always opened on device 0 ("hmm_open(0)"), whatever the variant.
 */
import { NPAGES, type S, iota } from './selftest';

type Mem = 'private' | 'coherent';
export interface ForkDoc {
  readonly devices: readonly { name: string; memory: Mem }[];
  readonly steps: S[];
}

/** The variant's device, plus dev0 (private) on which the child opens its mirror. */
function withDev0(device: string, memory: Mem): { name: string; memory: Mem }[] {
  const own = { name: device, memory };
  return device === 'dev0' ? [own] : [own, { name: 'dev0', memory: 'private' }];
}

const neg = (n: number) => iota(n).map((i) => -i);

/**
 * TEST_F(hmm, hmm_cow_in_device): 4 pages, init i, MIGRATE_TO_DEV, fork (the child spins), the
 * parent writes i again (CoW), kills the child, SNAPSHOT. Steps 4 (migrate), 7 (exit),
 * 8 (snapshot).
 */
export function hmmCowInDevice(device: string, memory: Mem): ForkDoc {
  const n = 4;
  return {
    devices: [{ name: device, memory }],
    steps: [
      { op: 'spawn', proc: 'T' },
      { op: 'mirror.open', proc: 'T', device, as: 'fd' },
      { op: 'mmap', proc: 'T', page: 0, count: n, prot: 'rw' },
      { op: 'cpu.write', proc: 'T', page: 0, count: n, values: iota(n) },
      { op: 'dev.migrate', mirror: 'fd', page: 0, count: n },
      { op: 'fork', proc: 'T', child: 'C' },
      { op: 'cpu.write', proc: 'T', page: 0, count: n, values: iota(n) },
      { op: 'exit', proc: 'C' },
      { op: 'dev.snapshot', mirror: 'fd', page: 0, count: n },
    ],
  };
}

/**
 * TEST_F(hmm, anon_write_child), non-THP half: init ptr = i; if migrate, MIGRATE_TO_DEV; fork.
 * Child: reads ptr (== i), opens device 0, device WRITE of -i, reads ptr (== -i), exits.
 * Parent: waits, reads ptr (== i). Steps: 4 migrate (if any), then fork, child read, open,
 * write, read, exit, parent read (the last 7 steps).
 */
export function anonWriteChild(device: string, memory: Mem, migrate: boolean): ForkDoc {
  return {
    devices: withDev0(device, memory),
    steps: [
      { op: 'spawn', proc: 'T' },
      { op: 'mirror.open', proc: 'T', device, as: 'fd' },
      { op: 'mmap', proc: 'T', page: 0, count: NPAGES, prot: 'rw' },
      { op: 'cpu.write', proc: 'T', page: 0, count: NPAGES, values: iota(NPAGES) },
      ...(migrate ? [{ op: 'dev.migrate', mirror: 'fd', page: 0, count: NPAGES }] : []),
      ...childWrites(),
    ],
  };
}

/**
 * TEST_F(hmm, anon_write_child_shared): MAP_SHARED|MAP_ANONYMOUS, init i, fork; the child reads
 * i, its device-0 mirror WRITEs -i, it reads -i and exits; the parent then reads -i (no CoW).
 */
export function anonWriteChildShared(device: string, memory: Mem): ForkDoc {
  return {
    devices: withDev0(device, memory),
    steps: [
      { op: 'spawn', proc: 'T' },
      { op: 'mirror.open', proc: 'T', device, as: 'fd' },
      { op: 'mmap', proc: 'T', page: 0, count: NPAGES, prot: 'rw', shared: true },
      { op: 'cpu.write', proc: 'T', page: 0, count: NPAGES, values: iota(NPAGES) },
      ...childWrites(),
    ],
  };
}

/** fork; child: read, open dev0, WRITE -i, read, exit; parent: read. */
function childWrites(): S[] {
  return [
    { op: 'fork', proc: 'T', child: 'C' },
    { op: 'cpu.read', proc: 'C', page: 0, count: NPAGES },
    { op: 'mirror.open', proc: 'C', device: 'dev0', as: 'cfd' },
    { op: 'dev.write', mirror: 'cfd', page: 0, count: NPAGES, values: neg(NPAGES) },
    { op: 'cpu.read', proc: 'C', page: 0, count: NPAGES },
    { op: 'exit', proc: 'C' },
    { op: 'cpu.read', proc: 'T', page: 0, count: NPAGES },
  ];
}
