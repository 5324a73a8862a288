/**
 * Model-based test of gmHostFaultMachine: a CPU access to an unmapped peer-shared chunk runs
 * the huge-page fault with GMEM's hunk and gm_host_fault_locked() (seed 003 @15452-16600) phase
 * by phase, then the access itself. Every state and every branch of gmHostFaultOp: a fresh
 * chunk, a chunk on the device brought back (lookup at address 0 finds c0 by accident), the
 * lookup's NULL at address 0 for another chunk (SIGBUS) and its oops on a CPU or NOMAP c0,
 * peer_unmap failing, and no free huge page (OOM → SIGBUS). Each run equals applyStep().
 */
import { describe, expect, test } from 'vitest';
import { DEFAULT_CONFIG, type PhasedOp, type Step, gmHostFaultOp } from '../../src/engine/index';
import {
  GM_HOST_FAULT_STATES,
  gmHostFaultMachine,
  isGmHostFaultStep,
} from '../../src/machines/gmem/gmHostFaultMachine';
import { machineForStep } from '../../src/machines/runOp';
import { applyStepMachine } from '../../src/machines/ops/applyStepMachine';
import {
  GM_MACHINE,
  type GmCase,
  cpuRead,
  cpuWrite,
  devFault,
  exploreGm,
  gmWorld,
  mmu,
  tableEdges,
} from './gmHostFaultModel';
import { stateKeys } from './opModel';

/** c0 on npu0 (written 11…14, then moved by gm_dev_fault). */
const onDevice = () => gmWorld([cpuWrite(0), devFault(0)]);
/** c1 on npu0 (written 21…24), c0 never touched: no gm_mapping at address 0. */
const c1OnDevice = (c0: readonly Step[] = []) => gmWorld([...c0, cpuWrite(4, 4, 21), devFault(4)]);

const cases: GmCase[] = [
  { name: 'first write to a fresh chunk', world: gmWorld(), step: cpuWrite(0) },
  { name: 'first read of part of a chunk', world: gmWorld(), step: cpuRead(1, 2) },
  { name: 'c0 on the device: peer_unmap copies it back', world: onDevice(), step: cpuRead(0) },
  { name: 'the same for a write', world: onDevice(), step: cpuWrite(0, 2, 90) },
  {
    name: 'peer_unmap fails: SIGBUS, the data stays on the device',
    world: gmWorld([cpuWrite(0), devFault(0), mmu('peer_unmap', 'GM_RET_FAILURE_UNKNOWN')]),
    step: cpuRead(0),
  },
  {
    name: 'c1 on the device: the lookup at address 0 finds NULL (SIGBUS)',
    world: c1OnDevice(),
    step: cpuRead(4),
  },
  {
    name: 'c1 on the device, c0 CPU: the lookup returns c0 and the kernel oopses',
    world: c1OnDevice([cpuWrite(0)]),
    step: cpuRead(4),
    buggy: true,
  },
  {
    name: 'c1 on the device, c0 NOMAP: the same oops (dev is NULL)',
    world: c1OnDevice([
      mmu('peer_map', 'GM_RET_MIGRATING'),
      devFault(0),
      mmu('peer_map', 'GM_RET_SUCCESS'),
    ]),
    step: cpuRead(4, 1),
    buggy: true,
  },
  {
    name: 'no free huge page: VM_FAULT_OOM, SIGBUS',
    world: gmWorld([], { ...GM_MACHINE, systemPages: 3 }),
    step: cpuWrite(0),
  },
];

describe('gmHostFaultMachine', () => {
  test('its states are gmHostFaultOp phases, then access, halted and done', () => {
    const phases = Object.keys(gmHostFaultOp.phases);
    expect(GM_HOST_FAULT_STATES).toEqual([...phases, 'access', 'halted', 'done']);
    expect(stateKeys(gmHostFaultMachine).sort()).toEqual([...GM_HOST_FAULT_STATES].sort());
  });

  test('every state and every branch, each run equal to applyStep', () => {
    const run = exploreGm(gmHostFaultMachine, cases);
    expect([...run.states].sort()).toEqual([...GM_HOST_FAULT_STATES].sort());
    const missing = tableEdges(gmHostFaultOp as PhasedOp<never, unknown>).filter(
      (e) => !run.edges.has(e),
    );
    expect(missing, 'branches of the table never taken').toEqual([]);
    // The OOM branch: the table ends (next null) and the access ends in SIGBUS.
    expect(run.edges).toContain('alloc_huge_page->access');
    expect(run.edges).toContain('lookup->halted');
  });

  test('the chooser: only an unmapped peer-shared chunk, one chunk, access allowed', () => {
    const w = gmWorld();
    expect(isGmHostFaultStep(w, cpuRead(0))).toBe(true);
    // Two chunks: the fault of the second happens mid-access (applyStep keeps the order).
    expect(machineForStep(w, cpuRead(2, 4))).toBe(applyStepMachine);
    // Already mapped: no fault.
    expect(machineForStep(gmWorld([cpuWrite(0)]), cpuRead(0))).toBe(applyStepMachine);
    // Not peer memory, a dead or unknown process, no CONFIG_GMEM, nothing to access.
    const plain = gmWorld([{ op: 'mmap', proc: 'P1', page: 16, count: 4, prot: 'rw' }]);
    expect(isGmHostFaultStep(plain, cpuRead(16))).toBe(false);
    expect(isGmHostFaultStep(w, { ...cpuRead(0), proc: 'P9' } as Step)).toBe(false);
    expect(isGmHostFaultStep(w, cpuRead(0, 0))).toBe(false);
    expect(isGmHostFaultStep({ ...w, gmem: undefined }, cpuRead(0))).toBe(false);
    // A read-only peer mapping refuses the write before any fault (SIGSEGV, one phase).
    const ro = gmWorld([{ op: 'mprotect', proc: 'P1', page: 0, count: 4, prot: 'r' }]);
    expect(isGmHostFaultStep(ro, cpuRead(0))).toBe(true);
    expect(isGmHostFaultStep(ro, cpuWrite(0))).toBe(false);
    // No detail budget: the engine merges even the fault's micro-steps.
    const quiet = gmWorld([], GM_MACHINE, { ...DEFAULT_CONFIG, detailBudget: 0 });
    expect(isGmHostFaultStep(quiet, cpuRead(0))).toBe(false);
  });
});
