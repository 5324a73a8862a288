/**
 * The compare view's data: the scenario run under each pane's kernel, lined up, and where and
 * why the two part. Pure, so the unit tests drive it as the page does.
 */
import { kernelConfig } from '../../engine/config';
import type { ScenarioDoc } from '../../engine';
import { type ScenarioError, formatError, validateScenario } from '../../scenarios/load';
import type { CompareRow, Divergence } from '../../views/compare/types';
import {
  type KernelChoice,
  FIX_IDS,
  choiceOfSpec,
  isFixedChoice,
  FIXED_CHOICE,
  sameChoice,
  specOf,
} from '../../views/kernel/kernelSpec';
import type { Timeline } from '../../views/timeline';
import { buildTimeline } from '../buildTimeline';
import { alignTimelines, firstDivergence } from './align';
import { firstBreak, toggleReason } from './explain';

/** Every fix off in ERA_B: the kernel a fixed scenario is compared against by default. */
const ALL_OFF: KernelChoice = {
  era: 'ERA_B_NOBIAS_BROKEN',
  fixes: Object.fromEntries(FIX_IDS.map((id) => [id, false])) as KernelChoice['fixes'],
};

/**
 * Left: the scenario's own kernel. Right: the fixed kernel when that one is buggy (what the fix
 * changes), else the oldest broken kernel with every fix off (what the fixes are for).
 */
export function defaultChoices(doc: ScenarioDoc): { left: KernelChoice; right: KernelChoice } {
  const left = choiceOfSpec(doc.machine.kernel);
  return { left, right: isFixedChoice(left) ? ALL_OFF : FIXED_CHOICE };
}

/** The document with `machine.kernel` set to a choice (the key left out for the fixed kernel). */
export function withKernel(doc: ScenarioDoc, choice: KernelChoice): ScenarioDoc {
  const { kernel: old, ...machine } = doc.machine;
  // CONFIG_GMEM is part of the machine, not of the era or fixes compared: it is kept.
  const gmem = old?.gmem;
  const spec = gmem === undefined ? specOf(choice) : { ...specOf(choice), gmem };
  return { ...doc, machine: spec ? { ...machine, kernel: spec } : machine };
}

export interface PaneRun {
  timeline: Timeline;
  /** Why the run could not be built (the engine threw), shown on the pane's stage. */
  problem?: string;
}

const EMPTY: Timeline = { frames: [], opStarts: [] };

/**
 * The loader's refusal in one paragraph: errors with the same message (dev.snapshot at three
 * steps) share it, and past three messages the rest are counted, not listed.
 */
export function refusal(errors: readonly ScenarioError[]): string {
  const byMessage = new Map<string, string[]>();
  for (const e of errors) byMessage.set(e.message, [...(byMessage.get(e.message) ?? []), e.path]);
  const groups = [...byMessage].map(([message, paths]) =>
    formatError({ path: paths.join(', '), message }),
  );
  const more = groups.length > 3 ? ` (and ${groups.length - 3} more)` : '';
  return `This kernel cannot run this scenario: ${groups.slice(0, 3).join('; ')}${more}.`;
}

export function runPane(doc: ScenarioDoc, choice: KernelChoice): PaneRun {
  const withChoice = withKernel(doc, choice);
  // A kernel can refuse what the scenario asks for (the 2015 API has no fork, GUP, snapshot…,
  // nor coherent memory): the loader's own words, on the pane, and nothing run.
  const checked = validateScenario(withChoice);
  if (!checked.ok) return { timeline: EMPTY, problem: refusal(checked.errors) };
  try {
    return { timeline: buildTimeline(withChoice) };
  } catch (e) {
    return {
      timeline: EMPTY,
      problem: `The engine could not run this scenario: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}

export interface Comparison {
  left: PaneRun;
  right: PaneRun;
  rows: CompareRow[];
  divergence: Divergence | null;
}

/** Both runs, the rows, and the first divergence with its reason. Equal kernels run once. */
export function compareRuns(doc: ScenarioDoc, left: KernelChoice, right: KernelChoice): Comparison {
  const l = runPane(doc, left);
  const r = sameChoice(left, right) ? l : runPane(doc, right);
  const rows = alignTimelines(l.timeline, r.timeline);
  const first = firstDivergence(rows, l.timeline, r.timeline);
  const divergence: Divergence | null = first
    ? {
        ...first,
        reason:
          firstBreak(rows, first.row, l.timeline, r.timeline) ??
          toggleReason(kernelConfig(specOf(left)), kernelConfig(specOf(right))),
      }
    : null;
  return { left: l, right: r, rows, divergence };
}
