import { createWorld, type ScenarioDoc } from '../engine';
import { runOpMachine } from '../machines/runOp';
import type { Timeline, TimelineFrame } from '../views/timeline';

/**
 * Runs a scenario through the op machines (the same ones the headless runner drives) and
 * records every micro-step as a frame. An op that changes nothing still gets
 * one frame, so every step of the scenario can be seen and its result read.
 */
export function buildTimeline(doc: ScenarioDoc): Timeline {
  let world = createWorld(doc.machine);
  const frames: TimelineFrame[] = [
    { step: -1, micro: 0, world, microstep: null, result: null, violations: [] },
  ];
  const opStarts: number[] = [];
  doc.steps.forEach((step, i) => {
    const r = runOpMachine(world, step, i);
    opStarts.push(frames.length);
    const steps = r.microsteps.length > 0 ? r.microsteps : [null];
    steps.forEach((ms, k) => {
      frames.push({
        step: i,
        micro: k,
        world: ms?.world ?? r.world,
        microstep: ms,
        result: k === steps.length - 1 ? r.result : null,
        violations: r.violations.filter((v) => v.microstep === k),
      });
    });
    world = r.world;
  });
  return { frames, opStarts };
}
