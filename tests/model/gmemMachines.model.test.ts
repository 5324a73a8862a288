/**
 * The GMEM op machines (src/machines/gmem/) against the engine. Each gm.* op's machine is built
 * from the phase table applyStep() runs (phasedMachine), so: its states are the table's phases
 * (plus precheck, halted, done); every step of every GMEM library scenario (S19) run by
 * runOpMachine gives applyStep()'s result, micro-steps, violations and world; and a model-based
 * walk of gmDevFaultMachine (gm_dev_fault, seed 003 @12827-15450) reaches every state and takes
 * every branch of the table: NOMAP, DEVICE with and without MARK_HOT, CPU (zap), CPU with a NULL
 * page, peer_map's SUCCESS / MIGRATING / failure (gm.mmu), no vm_object, no VMA, the freed
 * context's use-after-free (the kernel halts) and the scenario-level refusals.
 */
import { describe, expect, test } from 'vitest';
import { createActor } from 'xstate';
import {
  applyStep,
  createWorld,
  gmDevFaultOp,
  gmPhasedOpFor,
  gmemInitOp,
  runPhase,
  runPhasedIn,
  type PhasedOp,
  type Step,
  type World,
} from '../../src/engine/index';
import {
  GM_OP_MACHINES,
  gmDevFaultMachine,
  gmStateNames,
  gmemInitMachine,
} from '../../src/machines/gmem/gmOpMachines';
import { gmHostFaultMachine } from '../../src/machines/gmem/gmHostFaultMachine';
import { phasedMachine } from '../../src/machines/gmem/phasedMachine';
import type { OpOutput } from '../../src/machines/opTypes';
import { applyStepMachine } from '../../src/machines/ops/applyStepMachine';
import { machineForStep, runOpMachine } from '../../src/machines/runOp';
import { LIBRARY } from '../../src/scenarios/library/index';
import {
  GM_MACHINE,
  PEER_MMAP,
  type GmCase,
  cpuWrite,
  devFault,
  exploreGm,
  gmWorld,
  mmu,
  shown,
  tableEdges,
  withMapping,
} from './gmHostFaultModel';
import { stateKeys } from './opModel';
import { build } from './worlds';

const S19 = LIBRARY.filter((e) => e.id.startsWith('s19-'));

function expectSame(got: OpOutput, want: OpOutput, where: string): void {
  expect(got.result, `${where}: result`).toEqual(want.result);
  expect(got.microsteps.map(shown), `${where}: micro-steps`).toEqual(want.microsteps.map(shown));
  expect(got.violations, `${where}: violations`).toEqual(want.violations);
  expect(got.world, `${where}: world`).toEqual(want.world);
}

describe('GMEM library scenarios: runOpMachine equals applyStep step by step', () => {
  test('the S19 scenarios are there', () => {
    expect(S19.map((e) => e.id).sort()).toEqual([
      's19-gmem-boot-off',
      's19-gmem-end-to-end',
      's19-gmem-host-fault-mask',
      's19-gmem-peer-map-fails',
      's19-gmem-peer-map-migrating',
    ]);
  });
  test.each(S19.map((e) => [e.id, e.doc] as const))('%s', (id, doc) => {
    let world = createWorld(doc.machine);
    let byGm = 0;
    doc.steps.forEach((step, i) => {
      const m = machineForStep(world, step);
      if (Object.values(GM_OP_MACHINES).includes(m as never) || m === gmHostFaultMachine) byGm++;
      const want = applyStep(world, step, i);
      expectSame(runOpMachine(world, step, i), want, `${id} step ${i} (${step.op})`);
      world = want.world;
    });
    // Every scenario runs GMEM code through the GMEM machines (not applyStepMachine).
    expect(byGm, id).toBeGreaterThan(0);
  });
});

describe('the machines are the phase tables', () => {
  test.each(Object.entries(GM_OP_MACHINES))('%s: precheck, its phases, halted, done', (op, m) => {
    const table = gmPhasedOpFor(op);
    if (table === null) throw new Error(`no table for ${op}`);
    expect(m.id).toBe(table.id);
    expect(stateKeys(m).sort()).toEqual(gmStateNames(table).sort());
    expect(gmStateNames(table)).toEqual([
      'precheck',
      ...Object.keys(table.phases),
      'halted',
      'done',
    ]);
    expect(machineForStep(gmWorld(), { op } as Step)).toBe(m);
  });
  test('gm.mmu (fault injection) is one phase', () => {
    expect(gmPhasedOpFor('gm.mmu')).toBeNull();
    expect(machineForStep(gmWorld(), mmu('peer_map', 'GM_RET_NOMEM'))).toBe(applyStepMachine);
  });
  test('gmemInitMachine: its states, and the engine table run in one transaction', () => {
    expect(stateKeys(gmemInitMachine).sort()).toEqual(
      [...Object.keys(gmemInitOp.phases), 'halted', 'done'].sort(),
    );
    const off = createWorld({ ...GM_MACHINE, kernel: { gmem: false } });
    for (const on of [true, false]) {
      const actor = createActor(gmemInitMachine, {
        input: { world: off, step: { op: 'gmem_init', on } },
      }).start();
      const seen = [String(actor.getSnapshot().value)];
      while (actor.getSnapshot().status === 'active') {
        actor.send({ type: 'op.step' });
        seen.push(String(actor.getSnapshot().value));
      }
      expect(seen).toEqual(
        on
          ? ['setup_gmem', 'kmem_cache_create', 'static_branch_enable', 'done']
          : ['setup_gmem', 'done'],
      );
      const out = actor.getSnapshot().output as OpOutput;
      const engine = runPhase(off, (tx) => runPhasedIn(tx, gmemInitOp, { on }));
      expect(out.microsteps.map(shown)).toEqual(engine.microsteps.map(shown));
      expect(out.world).toEqual(engine.world);
      expect(out.world.gmem?.enabled).toBe(on);
    }
  });
});

describe('phasedMachine keeps its tables honest', () => {
  const table = (next: string | null, name = 'one'): PhasedOp<object, object> => ({
    id: 'toy',
    initial: name,
    init: () => ({}),
    phases: { [name]: { run: (_tx, c) => c, next: () => next, to: [] } },
    finish: () => ({ ret: 0 }),
  });
  test('a next outside the to list is an error, not a machine that never ends', () => {
    const m = phasedMachine(table('elsewhere'), { input: () => ({}) });
    const actor = createActor(m, { input: { world: gmWorld(), step: { op: 'toy' } } });
    actor.subscribe({ error: () => undefined });
    actor.start();
    actor.send({ type: 'op.step' });
    expect(actor.getSnapshot().status).toBe('error');
    const ok = createActor(phasedMachine(table(null), { input: () => ({}) }), {
      input: { world: gmWorld(), step: { op: 'toy' } },
    }).start();
    ok.send({ type: 'op.step' });
    expect(ok.getSnapshot().status).toBe('done');
  });
  test('a phase named like a state the machine adds is refused', () => {
    expect(() => phasedMachine(table(null, 'done'), { input: () => ({}) })).toThrow(/clashes/);
  });
});

describe('each gm.* machine on its refusals and its failures equals applyStep', () => {
  const noDev = build(PEER_MMAP, GM_MACHINE);
  // gmem=off refuses MAP_PEER_SHARED: the process only.
  const off = build(PEER_MMAP.slice(0, 1), { ...GM_MACHINE, kernel: { gmem: false } });
  const plain = build(PEER_MMAP.slice(0, 1), { ...GM_MACHINE, kernel: {} });
  const rows: [string, World, Step][] = [
    ['create twice (EEXIST)', gmWorld(), { op: 'gm.dev-create', device: 'npu0' }],
    ['create on gmem=off (FAILURE_UNKNOWN)', off, { op: 'gm.dev-create', device: 'npu0' }],
    ['create without CONFIG_GMEM (ENOSYS)', plain, { op: 'gm.dev-create', device: 'npu0' }],
    ['not a GMEM device', noDev, { op: 'gm.dev-create', device: 'nope' }],
    ['destroy', gmWorld(), { op: 'gm.dev-destroy', device: 'npu0' }],
    ['destroy before create', noDev, { op: 'gm.dev-destroy', device: 'npu0' }],
    [
      'register before create',
      noDev,
      { op: 'gm.dev-register-physmem', device: 'npu0', page: 0, count: 8 },
    ],
    [
      'register twice',
      gmWorld(),
      { op: 'gm.dev-register-physmem', device: 'npu0', page: 0, count: 8 },
    ],
    ['as-create twice (EEXIST)', gmWorld(), { op: 'gm.as-create', as: 'as0', page: 0, count: 8 }],
    // gmem=off: gm_as_create does not check gmem_is_enabled: the kernel halts.
    ['as-create on gmem=off', off, { op: 'gm.as-create', as: 'as1', page: 0, count: 8 }],
    ['as-destroy', gmWorld([cpuWrite(0), devFault(0)]), { op: 'gm.as-destroy', as: 'as0' }],
    ['as-destroy unknown', gmWorld(), { op: 'gm.as-destroy', as: 'nope' }],
    [
      'attach again, pmap_create failing',
      gmWorld([{ op: 'gm.mmu', device: 'npu0', pmap_create: 'GM_RET_NOMEM' }]),
      { op: 'gm.as-attach', as: 'as0', device: 'npu0', proc: 'P1', mode: 'SHARE' },
    ],
    [
      'attach without activate',
      gmWorld([{ op: 'gm.as-create', as: 'as1', page: 0, count: 8 }]),
      {
        op: 'gm.as-attach',
        as: 'as1',
        device: 'npu0',
        proc: 'P1',
        mode: 'REPLICATE',
        activate: false,
      },
    ],
  ];
  test.each(rows)('%s', (name, world, step) => {
    const m = machineForStep(world, step);
    expect(m).toBe(GM_OP_MACHINES[step.op as keyof typeof GM_OP_MACHINES]);
    expectSame(runOpMachine(world, step, 3), applyStep(world, step, 3), name);
  });
});

const cpuNull = withMapping(gmWorld([cpuWrite(0)]), 0, {
  flag: 'CPU',
  willneed: false,
  page: null,
  dev: null,
  locked: false,
});

const faultCases: GmCase[] = [
  { name: 'NOMAP: straight to peer_map', world: gmWorld(), step: devFault(0) },
  { name: 'CPU: zap, peer_map with copy', world: gmWorld([cpuWrite(0)]), step: devFault(0) },
  { name: 'DEVICE, no hint: nothing to do', world: gmWorld([devFault(0)]), step: devFault(0) },
  {
    name: 'DEVICE, MARK_HOT: peer_map again',
    world: gmWorld([devFault(0)]),
    step: devFault(0, 'MARK_HOT'),
  },
  // A state no op reaches (the union overwritten): the code's "page is NULL. Set nomap".
  { name: 'CPU with a NULL page: set_nomap', world: cpuNull, step: devFault(0), synthetic: true },
  {
    name: 'peer_map MIGRATING on a NOMAP chunk: WILLNEED',
    world: gmWorld([mmu('peer_map', 'GM_RET_MIGRATING')]),
    step: devFault(0),
  },
  {
    name: 'peer_map MIGRATING on a CPU chunk: the zapped page leaks (B14)',
    world: gmWorld([cpuWrite(0), mmu('peer_map', 'GM_RET_MIGRATING')]),
    step: devFault(0),
    buggy: true,
  },
  {
    name: 'peer_map fails on a CPU chunk: NOMAP, the data is gone',
    world: gmWorld([cpuWrite(0), mmu('peer_map', 'GM_RET_FAILURE_UNKNOWN')]),
    step: devFault(0),
  },
  {
    name: 'peer_map NOMEM on a NOMAP chunk',
    world: gmWorld([mmu('peer_map', 'GM_RET_NOMEM')]),
    step: devFault(0),
  },
  {
    name: 'no vm_object',
    world: gmWorld([{ op: 'spawn', proc: 'P2' }]),
    step: { ...devFault(0), proc: 'P2' } as Step,
  },
  { name: 'no VMA at or above the address', world: gmWorld(), step: devFault(40) },
  {
    name: 'the freed current context: use-after-free, the kernel halts (INV-X9)',
    world: gmWorld([{ op: 'gm.as-destroy', as: 'as0' }]),
    step: devFault(0),
    buggy: true,
  },
  {
    name: 'not a GMEM device',
    world: gmWorld(),
    step: { ...devFault(0), device: 'nope' } as Step,
  },
  { name: 'no gm_dev yet', world: build(PEER_MMAP, GM_MACHINE), step: devFault(0) },
  { name: 'no such process', world: gmWorld(), step: { ...devFault(0), proc: 'P9' } as Step },
  {
    name: 'no CONFIG_GMEM',
    world: build(PEER_MMAP.slice(0, 1), { ...GM_MACHINE, kernel: {} }),
    step: devFault(0),
  },
];

describe('gmDevFaultMachine (model-based)', () => {
  test('every state and every branch of gm_dev_fault, each run equal to applyStep', () => {
    const run = exploreGm(gmDevFaultMachine, faultCases);
    const table = gmDevFaultOp as PhasedOp<never, unknown>;
    expect([...run.states].sort()).toEqual(gmStateNames(table).sort());
    const missing = tableEdges(table).filter((e) => !run.edges.has(e));
    expect(missing, 'branches of the table never taken').toEqual([]);
    for (const e of ['precheck->done', 'precheck->mmap_read_lock', 'peer_map->halted'])
      expect(run.edges).toContain(e);
    expect(run.paths).toBeGreaterThan(faultCases.length * 3);
  });
});
