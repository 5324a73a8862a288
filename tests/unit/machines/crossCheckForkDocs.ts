/**
 * fork documents for the machine ⇄ engine cross-check: the fork selftests of tests/conformance
 * (both memory types), the S10 library scenario, and fork's error and corner branches.
 */
import type { ScenarioDoc } from '../../../src/engine/index';
import s10 from '../../../src/scenarios/library/s10-fork-device-private.json';
import { anonWriteChild, anonWriteChildShared, hmmCowInDevice } from '../../conformance/forkDocs';
import type { ForkDoc } from '../../conformance/forkDocs';
import type { CrossDoc } from './crossCheckDocs';

function mk(name: string, d: ForkDoc, systemPages = 512): CrossDoc {
  return {
    name,
    doc: {
      format: 'hmm-lab/scenario@1',
      title: name,
      machine: { systemPages, devices: d.devices.map((x) => ({ ...x, pages: 256 })) },
      steps: d.steps,
    },
  };
}

const VARIANTS = [
  ['private', 'dev0'],
  ['coherent', 'dev2'],
] as const;

const P = [{ name: 'd0', memory: 'private' as const }];
const C = [...P, { name: 'c0', memory: 'coherent' as const }];

export const FORK_DOCS: readonly CrossDoc[] = [
  { name: 'library/s10-fork-device-private.json', doc: s10 as unknown as ScenarioDoc },
  ...VARIANTS.flatMap(([mem, dev]) => [
    mk(`${mem} hmm_cow_in_device`, hmmCowInDevice(dev, mem)),
    mk(`${mem} anon_write_child (migrate 0)`, anonWriteChild(dev, mem, false)),
    mk(`${mem} anon_write_child (migrate 1)`, anonWriteChild(dev, mem, true)),
    mk(`${mem} anon_write_child_shared`, anonWriteChildShared(dev, mem)),
  ]),
  mk('fork: errors, empty and unpopulated VMAs, zero page, fork again after exit', {
    devices: C,
    steps: [
      { op: 'fork', proc: 'A', child: 'B' },
      { op: 'spawn', proc: 'A' },
      { op: 'spawn', proc: 'B' },
      { op: 'fork', proc: 'A', child: 'B' },
      { op: 'fork', proc: 'A', child: 'A' },
      { op: 'exit', proc: 'B' },
      { op: 'fork', proc: 'A', child: 'B' },
      { op: 'mmap', proc: 'A', page: 0, count: 4, prot: 'rw' },
      { op: 'mmap', proc: 'A', page: 8, count: 4, prot: 'r' },
      { op: 'mmap', proc: 'A', page: 16, count: 4, prot: 'rw', shared: true },
      { op: 'cpu.read', proc: 'A', page: 8, count: 2 },
      { op: 'cpu.write', proc: 'A', page: 16, count: 2, value: 5 },
      { op: 'mirror.open', proc: 'A', device: 'c0', as: 'mc' },
      { op: 'cpu.write', proc: 'A', page: 0, count: 2, value: 3 },
      { op: 'dev.migrate', mirror: 'mc', page: 0, count: 1 },
      { op: 'exit', proc: 'B' },
      { op: 'fork', proc: 'A', child: 'B' },
      { op: 'dev.write', mirror: 'mc', page: 0, count: 2, value: 9 },
      { op: 'cpu.write', proc: 'B', page: 16, count: 1, value: 6 },
      { op: 'cpu.read', proc: 'A', page: 0, count: 20 },
      { op: 'fork', proc: 'B', child: 'G' },
      { op: 'exit', proc: 'A' },
      { op: 'cpu.write', proc: 'G', page: 0, count: 4, value: 1 },
      { op: 'cpu.read', proc: 'B', page: 0, count: 4 },
    ],
  }),
  mk('fork: device-private pages, mprotect, migrate-back, release', {
    devices: P,
    steps: [
      { op: 'spawn', proc: 'A' },
      { op: 'mirror.open', proc: 'A', device: 'd0', as: 'm' },
      { op: 'mmap', proc: 'A', page: 0, count: 8, prot: 'rw' },
      { op: 'cpu.write', proc: 'A', page: 0, count: 8, value: 4 },
      { op: 'dev.migrate', mirror: 'm', page: 0, count: 8 },
      { op: 'mprotect', proc: 'A', page: 6, count: 2, prot: 'r' },
      { op: 'fork', proc: 'A', child: 'B' },
      { op: 'mirror.open', proc: 'B', device: 'd0', as: 'mb' },
      { op: 'dev.write', mirror: 'm', page: 0, count: 1, value: 5 },
      { op: 'dev.read', mirror: 'mb', page: 0, count: 4 },
      { op: 'dev.migrate-back', mirror: 'm', page: 1, count: 2 },
      { op: 'cpu.write', proc: 'A', page: 1, count: 1, value: 6 },
      { op: 'dev.migrate', mirror: 'mb', page: 2, count: 2 },
      { op: 'dev.release', device: 'd0' },
      { op: 'cpu.read', proc: 'B', page: 0, count: 8 },
      { op: 'cpu.read', proc: 'A', page: 0, count: 8 },
    ],
  }),
];
