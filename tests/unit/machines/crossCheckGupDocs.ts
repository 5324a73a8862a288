/**
 * Cross-check documents for GUP (gup.get / gup.pin / gup.unpin) and device-exclusive access
 * (dev.exclusive / dev.check-exclusive): the selftests hmm_gup_test, exclusive and
 * exclusive_mprotect for both memory types, and one document per error branch and merging path.
 */
import {
  DEFAULT_CONFIG,
  type EngineConfig,
  type ScenarioDoc,
  type Step,
} from '../../../src/engine/index';
import s4 from '../../../src/scenarios/library/s4-migrate-to-device-private.json';
import s5 from '../../../src/scenarios/library/s5-cpu-touches-device-page.json';

interface CrossDoc {
  readonly name: string;
  readonly doc: ScenarioDoc;
  readonly config?: EngineConfig;
}

type S = Step & Record<string, unknown>;
type Dev = { name: string; memory: 'private' | 'coherent'; pages: number };

const iota = (n: number, add = 0) => Array.from({ length: n }, (_, i) => i + add);

function mk(name: string, devices: Dev[], steps: S[], systemPages = 512): CrossDoc {
  return {
    name,
    doc: { format: 'hmm-lab/scenario@1', title: name, machine: { systemPages, devices }, steps },
  };
}

function selftests(memory: 'private' | 'coherent'): CrossDoc[] {
  const d = memory === 'private' ? 'dev0' : 'dev2';
  const devs: Dev[] = [{ name: d, memory, pages: 256 }];
  const open: S[] = [
    { op: 'spawn', proc: 'T' },
    { op: 'mirror.open', proc: 'T', device: d, as: 'fd' },
  ];
  const fill = (n: number): S[] => [
    { op: 'mmap', proc: 'T', page: 0, count: n, prot: 'rw' },
    { op: 'cpu.write', proc: 'T', page: 0, count: n, values: iota(n) },
  ];
  const gup = (op: string, page: number, longterm: boolean): S[] => [
    { op, proc: 'T', page, count: 1, write: true, ...(longterm ? { longterm } : {}), as: 'g' },
    { op: 'gup.unpin', pin: 'g' },
  ];
  return [
    mk(`${memory} hmm_gup_test`, devs, [
      ...open,
      ...fill(4),
      { op: 'dev.migrate', mirror: 'fd', page: 0, count: 4 },
      ...gup('gup.get', 0, false),
      ...gup('gup.get', 1, false),
      ...gup('gup.pin', 2, true),
      ...gup('gup.pin', 3, true),
      { op: 'dev.snapshot', mirror: 'fd', page: 0, count: 4 },
      { op: 'cpu.read', proc: 'T', page: 0, count: 4 },
    ]),
    mk(`${memory} exclusive`, devs, [
      ...open,
      ...fill(128),
      { op: 'dev.exclusive', mirror: 'fd', page: 0, count: 128 },
      { op: 'dev.check-exclusive', mirror: 'fd', page: 0, count: 128 },
      { op: 'cpu.read', proc: 'T', page: 0, count: 128 },
      { op: 'cpu.write', proc: 'T', page: 0, count: 128, values: iota(128, 1) },
      { op: 'dev.check-exclusive', mirror: 'fd', page: 0, count: 128 },
    ]),
    mk(`${memory} exclusive_cow`, devs, [
      ...open,
      ...fill(128),
      { op: 'dev.exclusive', mirror: 'fd', page: 0, count: 128 },
      { op: 'fork', proc: 'T', child: 'C' },
      { op: 'cpu.write', proc: 'C', page: 0, count: 128, values: iota(128, 1) },
      { op: 'exit', proc: 'C' },
      { op: 'cpu.write', proc: 'T', page: 0, count: 128, values: iota(128, 1) },
    ]),
    mk(`${memory} exclusive_mprotect`, devs, [
      ...open,
      ...fill(128),
      { op: 'dev.exclusive', mirror: 'fd', page: 0, count: 128 },
      { op: 'mprotect', proc: 'T', page: 0, count: 128, prot: 'r' },
      { op: 'dev.write', mirror: 'fd', page: 0, count: 128, values: iota(128) },
    ]),
  ];
}

const PC: Dev[] = [
  { name: 'd0', memory: 'private', pages: 200 },
  { name: 'c0', memory: 'coherent', pages: 200 },
];
const A: S[] = [
  { op: 'spawn', proc: 'A' },
  { op: 'mirror.open', proc: 'A', device: 'd0', as: 'm' },
  { op: 'mirror.open', proc: 'A', device: 'c0', as: 'c' },
];

export const GUP_BRANCH_DOCS: readonly CrossDoc[] = [
  mk('gup: get/pin/unpin, zero page, errors, exit keeps the pins', PC, [
    ...A,
    { op: 'gup.get', proc: 'B', page: 0, count: 1, as: 'x' },
    { op: 'mmap', proc: 'A', page: 0, count: 100, prot: 'rw' },
    { op: 'mmap', proc: 'A', page: 110, count: 4, prot: 'r' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 50, values: iota(50) },
    { op: 'gup.get', proc: 'A', page: 0, count: 100, as: 'g' },
    { op: 'gup.get', proc: 'A', page: 0, count: 1, as: 'g' },
    { op: 'gup.pin', proc: 'A', page: 0, count: 100, write: true, as: 'p' },
    { op: 'gup.pin', proc: 'A', page: 110, count: 4, as: 'r' },
    { op: 'gup.pin', proc: 'A', page: 110, count: 1, write: true, as: 'w' },
    { op: 'gup.pin', proc: 'A', page: 95, count: 10, as: 'f' },
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 100 },
    { op: 'gup.unpin', pin: 'g' },
    { op: 'gup.unpin', pin: 'g' },
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 8 },
    { op: 'gup.get', proc: 'A', page: 0, count: 8, write: true, as: 'g' },
    { op: 'exit', proc: 'A' },
    { op: 'gup.unpin', pin: 'p' },
    { op: 'gup.unpin', pin: 'r' },
    { op: 'gup.unpin', pin: 'g' },
  ]),
  mk('gup.pin FOLL_LONGTERM on coherent memory: migrate then pin, -EBUSY twice', PC, [
    ...A,
    { op: 'mmap', proc: 'A', page: 0, count: 60, prot: 'rw' },
    { op: 'cpu.write', proc: 'A', page: 0, count: 60, values: iota(60) },
    { op: 'dev.migrate', mirror: 'c', page: 0, count: 60 },
    { op: 'gup.pin', proc: 'A', page: 0, count: 1, as: 'short' },
    { op: 'gup.pin', proc: 'A', page: 0, count: 4, longterm: true, as: 'busy' },
    { op: 'gup.pin', proc: 'A', page: 1, count: 59, write: true, longterm: true, as: 'long' },
    { op: 'gup.pin', proc: 'A', page: 1, count: 3, longterm: true, as: 'again' },
    { op: 'dev.snapshot', mirror: 'c', page: 0, count: 60 },
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 60 },
    { op: 'gup.unpin', pin: 'short' },
    { op: 'gup.unpin', pin: 'long' },
    { op: 'gup.unpin', pin: 'again' },
    { op: 'cpu.read', proc: 'A', page: 0, count: 60 },
  ]),
  mk(
    'gup.pin FOLL_LONGTERM without free system RAM: -EBUSY, nothing pinned',
    [{ name: 'c0', memory: 'coherent', pages: 8 }],
    [
      { op: 'spawn', proc: 'A' },
      { op: 'mirror.open', proc: 'A', device: 'c0', as: 'c' },
      { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
      { op: 'cpu.write', proc: 'A', page: 0, count: 4, value: 3 },
      { op: 'dev.migrate', mirror: 'c', page: 0, count: 4 },
      { op: 'cpu.write', proc: 'A', page: 0, count: 4, value: 4 },
      { op: 'mmap', proc: 'A', page: 10, count: 4, prot: 'rw' },
      { op: 'cpu.write', proc: 'A', page: 10, count: 4, value: 5 },
      { op: 'gup.pin', proc: 'A', page: 0, count: 2, longterm: true, as: 'p' },
      { op: 'gup.get', proc: 'A', page: 20, count: 1, as: 'none' },
    ],
    4,
  ),
  mk('dev.exclusive: errors, device pages, CPU and device accesses revoke it', PC, [
    ...A,
    { op: 'dev.exclusive', mirror: 'nope', page: 0, count: 1 },
    { op: 'dev.check-exclusive', mirror: 'nope', page: 0, count: 1 },
    { op: 'mmap', proc: 'A', page: 0, count: 100, prot: 'rw' },
    { op: 'mmap', proc: 'A', page: 100, count: 4, prot: 'r' },
    { op: 'mmap', proc: 'A', page: 110, count: 4, prot: 'rw', shared: true },
    { op: 'cpu.write', proc: 'A', page: 0, count: 90, values: iota(90) },
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 4 },
    { op: 'dev.migrate', mirror: 'c', page: 4, count: 4 },
    { op: 'dev.exclusive', mirror: 'm', page: 0, count: 100 },
    { op: 'dev.check-exclusive', mirror: 'm', page: 0, count: 100 },
    { op: 'dev.read', mirror: 'm', page: 0, count: 8 },
    { op: 'dev.exclusive', mirror: 'c', page: 0, count: 8 },
    { op: 'dev.check-exclusive', mirror: 'm', page: 0, count: 8 },
    { op: 'dev.write', mirror: 'c', page: 0, count: 2, value: 7 },
    { op: 'gup.pin', proc: 'A', page: 2, count: 2, write: true, as: 'p' },
    { op: 'dev.snapshot', mirror: 'c', page: 0, count: 8 },
    { op: 'dev.migrate', mirror: 'm', page: 0, count: 8 },
    { op: 'cpu.read', proc: 'A', page: 4, count: 4 },
    { op: 'dev.check-exclusive', mirror: 'c', page: 0, count: 8 },
    { op: 'dev.exclusive', mirror: 'm', page: 98, count: 4 },
    { op: 'dev.exclusive', mirror: 'm', page: 110, count: 2 },
    { op: 'dev.exclusive', mirror: 'm', page: 50, count: 4 },
    { op: 'mprotect', proc: 'A', page: 50, count: 4, prot: 'r' },
    { op: 'mprotect', proc: 'A', page: 50, count: 4, prot: 'rw' },
    { op: 'munmap', proc: 'A', page: 50, count: 2 },
    { op: 'gup.unpin', pin: 'p' },
  ]),
];

const full: EngineConfig = { ...DEFAULT_CONFIG, invariantChecks: 'full', detailBudget: 1 };

export const GUP_DOCS: readonly CrossDoc[] = [
  { name: 'library/s4-migrate-to-device-private.json', doc: s4 as unknown as ScenarioDoc },
  { name: 'library/s5-cpu-touches-device-page.json', doc: s5 as unknown as ScenarioDoc },
  ...selftests('private'),
  ...selftests('coherent'),
  ...GUP_BRANCH_DOCS,
  ...GUP_BRANCH_DOCS.map((d) => ({ ...d, name: `${d.name} (full checks)`, config: full })),
];
