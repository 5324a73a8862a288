/**
 * Scenario documents for the machine ⇄ engine cross-check: the kernel selftests that
 * tests/conformance runs (rewritten here: those files do not export their documents), and a
 * document for every error branch of every op machine. Some documents name things the loader
 * would reject (an unknown device, a closed mirror): runScenario() does not validate, so neither
 * does the cross-check.
 */
import {
  DEFAULT_CONFIG,
  type EngineConfig,
  type ScenarioDoc,
  type Step,
} from '../../../src/engine/index';
import defaultDoc from '../../../src/scenarios/default.json';
import { FORK_DOCS } from './crossCheckForkDocs';
import { GUP_DOCS } from './crossCheckGupDocs';

export interface CrossDoc {
  readonly name: string;
  readonly doc: ScenarioDoc;
  readonly config?: EngineConfig;
}

type Mem = 'private' | 'coherent';
type S = Step & Record<string, unknown>;

const iota = (n: number, add = 0) => Array.from({ length: n }, (_, i) => i + add);

function mk(
  name: string,
  devices: readonly { name: string; memory: Mem; pages: number }[],
  steps: readonly S[],
  systemPages = 512,
  config?: EngineConfig,
): CrossDoc {
  return {
    name,
    doc: {
      format: 'hmm-lab/scenario@1',
      title: name,
      machine: { systemPages, devices },
      steps,
    },
    ...(config ? { config } : {}),
  };
}

const N = 128;

/** The hmm-tests.c selftests of tests/conformance, for one memory type. */
function selftests(mem: Mem): CrossDoc[] {
  const d = mem === 'private' ? 'dev0' : 'dev2';
  const d1 = mem === 'private' ? 'dev1' : 'dev3';
  const one = [{ name: d, memory: mem, pages: 2 * N }];
  const two = [...one, { name: d1, memory: mem, pages: 2 * N }];
  const open: S[] = [
    { op: 'spawn', proc: 'T' },
    { op: 'mirror.open', proc: 'T', device: d, as: 'fd' },
  ];
  const open2: S[] = [...open, { op: 'mirror.open', proc: 'T', device: d1, as: 'fd1' }];
  const buf = (prot: 'rw' | 'r' | 'none' = 'rw', count = N): S[] => [
    { op: 'mmap', proc: 'T', page: 0, count, prot },
  ];
  const fill: S = { op: 'cpu.write', proc: 'T', page: 0, count: N, values: iota(N) };
  const multiple: S[] = [...open];
  for (let c = 0; c < 4; c++) {
    const page = c * 32;
    multiple.push(
      { op: 'mmap', proc: 'T', page, count: 32, prot: 'rw' },
      { op: 'cpu.write', proc: 'T', page, count: 32, values: iota(32) },
      { op: 'dev.migrate', mirror: 'fd', page, count: 32 },
      { op: 'dev.migrate-back', mirror: 'fd', page, count: 32 },
      { op: 'cpu.read', proc: 'T', page, count: 32 },
      { op: 'munmap', proc: 'T', page, count: 32 },
    );
  }
  return [
    mk(`${mem} open_close`, one, [...open, { op: 'mirror.close', mirror: 'fd' }]),
    mk(`${mem} anon_read`, one, [
      ...open,
      ...buf(),
      { op: 'cpu.write', proc: 'T', page: 2, count: N - 2, values: iota(N - 2, 2) },
      { op: 'mprotect', proc: 'T', page: 0, count: N, prot: 'r' },
      { op: 'cpu.read', proc: 'T', page: 1, count: 1 },
      { op: 'dev.read', mirror: 'fd', page: 0, count: N },
    ]),
    mk(`${mem} anon_read_prot`, one, [
      ...open,
      ...buf(),
      fill,
      { op: 'mprotect', proc: 'T', page: 0, count: N, prot: 'none' },
      { op: 'dev.read', mirror: 'fd', page: 0, count: N },
    ]),
    mk(`${mem} anon_write`, one, [
      ...open,
      ...buf(),
      { op: 'dev.write', mirror: 'fd', page: 0, count: N, values: iota(N) },
      { op: 'cpu.read', proc: 'T', page: 0, count: N },
    ]),
    mk(`${mem} anon_write_prot`, one, [
      ...open,
      ...buf('r'),
      { op: 'dev.read', mirror: 'fd', page: 0, count: 1 },
      { op: 'dev.write', mirror: 'fd', page: 0, count: N, values: iota(N) },
      { op: 'mprotect', proc: 'T', page: 0, count: N, prot: 'rw' },
      { op: 'dev.write', mirror: 'fd', page: 0, count: N, values: iota(N) },
      { op: 'cpu.read', proc: 'T', page: 0, count: N },
    ]),
    mk(`${mem} double_map`, two, [
      ...open2,
      ...buf('rw', 6),
      { op: 'cpu.write', proc: 'T', page: 0, count: 6, values: iota(6) },
      { op: 'mprotect', proc: 'T', page: 0, count: 6, prot: 'r' },
      { op: 'dev.read', mirror: 'fd', page: 0, count: 6 },
      { op: 'dev.read', mirror: 'fd1', page: 0, count: 6 },
      { op: 'dev.migrate', mirror: 'fd1', page: 0, count: 6 },
      { op: 'dev.read', mirror: 'fd', page: 0, count: 6 },
    ]),
    mk(`${mem} migrate_fault`, one, [
      ...open,
      ...buf(),
      fill,
      { op: 'dev.migrate', mirror: 'fd', page: 0, count: N },
      { op: 'cpu.read', proc: 'T', page: 0, count: N / 2 },
      { op: 'dev.migrate', mirror: 'fd', page: 0, count: N },
    ]),
    mk(`${mem} migrate_mixed`, two, [
      ...open2,
      ...buf('none', 6),
      { op: 'dev.migrate', mirror: 'fd1', page: 0, count: 6 },
      { op: 'munmap', proc: 'T', page: 1, count: 1 },
      { op: 'dev.migrate', mirror: 'fd1', page: 0, count: 3 },
      { op: 'mprotect', proc: 'T', page: 2, count: 1, prot: 'r' },
      { op: 'cpu.read', proc: 'T', page: 2, count: 1 },
      { op: 'mprotect', proc: 'T', page: 3, count: 1, prot: 'rw' },
      { op: 'cpu.write', proc: 'T', page: 3, count: 1, value: 3 },
      { op: 'mprotect', proc: 'T', page: 3, count: 1, prot: 'r' },
      { op: 'mprotect', proc: 'T', page: 4, count: 2, prot: 'rw' },
      { op: 'cpu.write', proc: 'T', page: 4, count: 2, value: 3 },
      { op: 'dev.migrate', mirror: 'fd1', page: 2, count: 4 },
      { op: 'dev.migrate', mirror: 'fd', page: 5, count: 1 },
    ]),
    mk(`${mem} migrate_multiple`, one, multiple),
    mk(`${mem} migrate_release`, one, [
      ...open,
      ...buf(),
      fill,
      { op: 'dev.migrate', mirror: 'fd', page: 0, count: N },
      { op: 'dev.release', device: d },
      { op: 'cpu.read', proc: 'T', page: 0, count: N / 2 },
    ]),
    mk(`${mem} migrate_shared`, one, [
      ...open,
      { op: 'mmap', proc: 'T', page: 0, count: N, prot: 'rw', shared: true },
      { op: 'dev.migrate', mirror: 'fd', page: 0, count: N },
      { op: 'cpu.write', proc: 'T', page: 0, count: 4, value: 7 },
      { op: 'dev.migrate', mirror: 'fd', page: 0, count: 4 },
    ]),
    mk(`${mem} snapshot`, two, [
      ...open2,
      ...buf('none', 7),
      { op: 'munmap', proc: 'T', page: 1, count: 1 },
      { op: 'mprotect', proc: 'T', page: 2, count: 1, prot: 'r' },
      { op: 'cpu.read', proc: 'T', page: 2, count: 1 },
      { op: 'mprotect', proc: 'T', page: 3, count: 1, prot: 'rw' },
      { op: 'cpu.write', proc: 'T', page: 3, count: 1, value: 3 },
      { op: 'mprotect', proc: 'T', page: 3, count: 1, prot: 'r' },
      { op: 'mprotect', proc: 'T', page: 4, count: 3, prot: 'rw' },
      { op: 'cpu.write', proc: 'T', page: 4, count: 1, value: 3 },
      { op: 'dev.migrate', mirror: 'fd', page: 5, count: 1 },
      { op: 'dev.migrate', mirror: 'fd1', page: 6, count: 1 },
      { op: 'dev.snapshot', mirror: 'fd', page: 0, count: 7 },
    ]),
  ];
}

const P = [{ name: 'd0', memory: 'private' as const, pages: 200 }];
const PC = [...P, { name: 'c0', memory: 'coherent' as const, pages: 200 }];
const A: S[] = [
  { op: 'spawn', proc: 'A' },
  { op: 'mirror.open', proc: 'A', device: 'd0', as: 'm' },
];
const budget1: EngineConfig = { ...DEFAULT_CONFIG, rangeFaultRetryBudget: 1 };
const full: EngineConfig = { ...DEFAULT_CONFIG, invariantChecks: 'full', detailBudget: 1 };
const evictOnClose: EngineConfig = { ...DEFAULT_CONFIG, closeEvictsDeviceMemory: true };

/** One document per error branch (and the merging paths) of every op machine. */
export const BRANCH_DOCS: readonly CrossDoc[] = [
  mk('closed mirror: every ioctl -EBADF', P, [
    ...A,
    { op: 'mirror.close', mirror: 'm' },
    { op: 'mirror.close', mirror: 'm' },
    { op: 'dev.read', mirror: 'm', page: 0, count: 1 },
    { op: 'dev.write', mirror: 'm', page: 0, count: 1, value: 1 },
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 1 },
    { op: 'dev.migrate-back', mirror: 'm', page: 0, count: 1 },
    { op: 'dev.snapshot', mirror: 'm', page: 0, count: 1 },
  ]),
  mk('mirror.open errors, exit, spawn again, unsupported op', P, [
    ...A,
    { op: 'mirror.open', proc: 'A', device: 'd0', as: 'm' },
    { op: 'mirror.open', proc: 'A', device: 'nope', as: 'x' },
    { op: 'spawn', proc: 'A' },
    { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
    { op: 'dev.write', mirror: 'm', page: 0, count: 4, value: 5 },
    { op: 'exit', proc: 'A' },
    { op: 'mirror.open', proc: 'A', device: 'd0', as: 'm2' },
    { op: 'no.such-op', proc: 'A' },
  ]),
  mk('dev.read/dev.write over several windows, faults and errors', P, [
    ...A,
    { op: 'mmap', proc: 'A', page: 0, count: 150, prot: 'rw' },
    { op: 'mmap', proc: 'A', page: 160, count: 40, prot: 'r' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 150, value: 9 },
    { op: 'dev.read', mirror: 'm', page: 0, count: 150 },
    { op: 'dev.write', mirror: 'm', page: 0, count: 150, values: iota(150) },
    { op: 'dev.write', mirror: 'm', page: 100, count: 100, value: 1 },
    { op: 'dev.read', mirror: 'm', page: 0, count: 170 },
    { op: 'dev.write', mirror: 'm', page: 160, count: 10, value: 2 },
    { op: 'dev.read', mirror: 'm', page: 140, count: 40 },
    { op: 'munmap', proc: 'A', page: 20, count: 10 },
    { op: 'dev.read', mirror: 'm', page: 0, count: 150 },
  ]),
  mk('dev.write on its own read-only device page: -EFAULT', P, [
    ...A,
    { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 4, value: 3 },
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 4 },
    { op: 'mprotect', proc: 'A', page: 0, count: 4, prot: 'r' },
    { op: 'mprotect', proc: 'A', page: 0, count: 4, prot: 'rw' },
    { op: 'dev.write', mirror: 'm', page: 0, count: 4, value: 8 },
    { op: 'dev.read', mirror: 'm', page: 0, count: 4 },
  ]),
  mk(
    'retry budget of 1: a CoW fault makes hmm_range_fault -EBUSY',
    P,
    [
      ...A,
      { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
      { op: 'cpu.read', proc: 'A', page: 0, count: 4 },
      { op: 'dev.write', mirror: 'm', page: 0, count: 4, value: 1 },
      { op: 'dev.read', mirror: 'm', page: 0, count: 4 },
    ],
    512,
    budget1,
  ),
  mk('dev.migrate: chunks, VMA ends, -EINVAL, -ENOENT, device full', PC, [
    ...A,
    { op: 'mirror.open', proc: 'A', device: 'c0', as: 'c' },
    { op: 'mmap', proc: 'A', page: 0, count: 100, prot: 'rw' },
    { op: 'mmap', proc: 'A', page: 100, count: 60, prot: 'r' },
    { op: 'mmap', proc: 'A', page: 170, count: 30, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 100, values: iota(100) },
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 160 },
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 200 },
    { op: 'dev.migrate', mirror: 'm', page: 165, count: 10 },
    { op: 'dev.migrate', mirror: 'c', page: 0, count: 10 },
    { op: 'dev.migrate', mirror: 'm', page: 170, count: 30 },
    { op: 'dev.migrate-back', mirror: 'm', page: 0, count: 200 },
    { op: 'dev.migrate-back', mirror: 'm', page: 0, count: 160 },
    { op: 'dev.migrate-back', mirror: 'c', page: 0, count: 100 },
    { op: 'dev.migrate-back', mirror: 'm', page: 165, count: 5 },
    { op: 'cpu.read', proc: 'A', page: 0, count: 160 },
  ]),
  mk(
    'dev.migrate-back and a CPU fault without free system RAM',
    [{ name: 'd0', memory: 'private', pages: 8 }],
    [
      ...A,
      { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
      { op: 'cpu.write', proc: 'A', page: 0, count: 2, value: 4 },
      { op: 'dev.migrate', mirror: 'm', page: 0, count: 2 },
      { op: 'cpu.write', proc: 'A', page: 2, count: 2, value: 5 },
      { op: 'dev.migrate-back', mirror: 'm', page: 0, count: 2 },
      { op: 'cpu.read', proc: 'A', page: 0, count: 2 },
      { op: 'dev.release', device: 'd0' },
    ],
    2,
  ),
  mk('dev.release: no device, many pages, again (no chunk), few pages', P, [
    ...A,
    { op: 'dev.release', device: 'nope' },
    { op: 'mmap', proc: 'A', page: 0, count: 80, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 80, value: 6 },
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 80 },
    { op: 'dev.release', device: 'd0' },
    { op: 'dev.release', device: 'd0' },
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 2 },
    { op: 'dev.release', device: 'd0' },
    { op: 'cpu.read', proc: 'A', page: 0, count: 80 },
  ]),
  mk(
    'mirror.close evicts the device (linux-mm driver)',
    P,
    [
      ...A,
      { op: 'mmap', proc: 'A', page: 0, count: 8, prot: 'rw' },
      { op: 'cpu.write', proc: 'A', page: 0, count: 8, value: 2 },
      { op: 'dev.migrate', mirror: 'm', page: 0, count: 8 },
      { op: 'mirror.close', mirror: 'm' },
      { op: 'cpu.read', proc: 'A', page: 0, count: 8 },
    ],
    512,
    evictOnClose,
  ),
  mk('signals: SIGSEGV outside a VMA', P, [
    ...A,
    { op: 'mmap', proc: 'A', page: 0, count: 2, prot: 'r' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 1, value: 1 },
    { op: 'cpu.read', proc: 'A', page: 5, count: 1 },
  ]),
];

/** The conformance selftests (both memory types), the branch documents, and the default one. */
export const CROSS_DOCS: readonly CrossDoc[] = [
  { name: 'src/scenarios/default.json', doc: defaultDoc as unknown as ScenarioDoc },
  ...selftests('private'),
  ...selftests('coherent'),
  ...BRANCH_DOCS,
  ...FORK_DOCS,
  ...GUP_DOCS,
  // The same documents again with full checks after every micro-step and little detail.
  ...BRANCH_DOCS.map((d) => ({
    ...d,
    name: `${d.name} (full checks)`,
    config: { ...full, ...pick(d.config) },
  })),
];

function pick(c: EngineConfig | undefined): Partial<EngineConfig> {
  if (c === undefined) return {};
  return {
    rangeFaultRetryBudget: c.rangeFaultRetryBudget,
    closeEvictsDeviceMemory: c.closeEvictsDeviceMemory,
  };
}
