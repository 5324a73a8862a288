/**
 * Why two runs part: the first rule either kernel breaks from the divergence on — an outcome
 * (the kernel crashed, hung…) or a failed invariant check — since that names what went wrong;
 * when neither breaks one (the bug only shows later, or not in this scenario), the fix the two
 * kernels disagree on first, with the invariant it restored.
 */
import { FIX_FIELD, FIX_IDS, type EngineConfig } from '../../engine/config';
import { ERA_INFO, FIX_INFO } from '../../engine/history/catalog';
import type { CompareRow, DivergenceReason, Side } from '../../views/compare/types';
import type { Timeline, TimelineFrame } from '../../views/timeline';

function broken(frame: TimelineFrame | undefined, side: Side): DivergenceReason | null {
  const outcome = frame?.microstep?.outcome;
  if (outcome)
    return { invariant: outcome.invariant, source: 'outcome', side, text: outcome.message };
  const v = frame?.violations[0];
  if (v)
    return { invariant: v.id, source: 'violation', side, text: `${v.message} ${v.detail}`.trim() };
  return null;
}

/** The first outcome or violation in either pane at or after `from` (held frames count once). */
export function firstBreak(
  rows: readonly CompareRow[],
  from: number,
  left: Timeline,
  right: Timeline,
): DivergenceReason | null {
  for (let i = from; i < rows.length; i++) {
    const r = rows[i]!;
    const l = r.left !== null && !r.leftHeld ? broken(left.frames[r.left], 'left') : null;
    if (l) return l;
    const rr = r.right !== null && !r.rightHeld ? broken(right.frames[r.right], 'right') : null;
    if (rr) return rr;
  }
  return null;
}

/**
 * The eras' refcount rules when the eras differ (they change every device page, from the
 * initial state on), else the first fix the two configs disagree on.
 */
export function toggleReason(a: EngineConfig, b: EngineConfig): DivergenceReason | null {
  if (a.era !== b.era) {
    const era = ERA_INFO[a.era === 'ERA_C_FIXED' ? b.era : a.era];
    // INV-P1 (free exactly when refcount 0) is the rule the older eras' free pages break.
    return {
      invariant: 'INV-P1',
      source: 'fix',
      text: `${era.label} (${era.period}): ${era.rules}`,
    };
  }
  const fix = FIX_IDS.find((id) => a.fixes[FIX_FIELD[id]] !== b.fixes[FIX_FIELD[id]]);
  if (!fix) return null;
  const info = FIX_INFO[fix];
  return {
    invariant: info.invariant,
    source: 'fix',
    text: `${fix} (${info.label}): ${info.bug}`,
    commit: info.commit,
  };
}
