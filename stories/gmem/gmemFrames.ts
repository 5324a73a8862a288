/**
 * Real engine states for the GMEM view stories: a library scenario's recorded frame, picked by
 * step and micro-step phase (or the step's last frame), with what the GMEM panel derives from it.
 */
import { buildTimeline } from '../../src/app/buildTimeline';
import type { ScenarioDoc } from '../../src/engine';
import E2E from '../../src/scenarios/library/s19-gmem-end-to-end.json';
import MIGRATING from '../../src/scenarios/library/s19-gmem-peer-map-migrating.json';

export const GMEM_DOCS = {
  e2e: E2E as ScenarioDoc,
  migrating: MIGRATING as ScenarioDoc,
  /** The end-to-end scenario cut after gm_as_attach, then gm_as_destroy. */
  destroyed: {
    ...(E2E as ScenarioDoc),
    title: 'gm_as_destroy leaves current_ctx dangling',
    steps: [...(E2E as ScenarioDoc).steps.slice(0, 6), { op: 'gm.as-destroy', as: 'as0' }],
  } as ScenarioDoc,
};

/** The frame of `step` with micro-step `phase`, or the step's last frame. */
export function gmemFrame(doc: ScenarioDoc, step: number, phase?: string) {
  const t = buildTimeline(doc);
  const i =
    phase !== undefined
      ? t.frames.findIndex((f) => f.step === step && f.microstep?.phase === phase)
      : t.frames.findLastIndex((f) => f.step === step);
  if (i < 0) throw new Error(`no frame for step ${step} ${phase ?? ''}`);
  return { frame: t.frames[i]!, previous: t.frames[i - 1]?.world ?? null };
}
