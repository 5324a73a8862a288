/**
 * Which GMEM machine runs a step, if any: a gm.* op with a phase table, or a CPU access that
 * faults into an unmapped peer-shared chunk (the host fault). The choice depends on the world
 * (is the chunk mapped?), not only on the op: runOp.ts's machineForStep asks here first.
 */
import type { AnyActorLogic } from 'xstate';
import type { Step, World } from '../../engine/index';
import { gmHostFaultMachine, isGmHostFaultStep } from './gmHostFaultMachine';
import { GM_OP_MACHINES } from './gmOpMachines';

export function gmMachineForStep(world: World, step: Step): AnyActorLogic | null {
  if (Object.hasOwn(GM_OP_MACHINES, step.op))
    return GM_OP_MACHINES[step.op as keyof typeof GM_OP_MACHINES];
  if (isGmHostFaultStep(world, step)) return gmHostFaultMachine;
  return null;
}
