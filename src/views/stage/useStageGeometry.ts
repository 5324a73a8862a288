/**
 * The stage's extent (every row any frame needs, so the layout never jumps) and its layout with
 * the ranges the reader opened — computed once per timeline, for the player, the walkthroughs
 * and the comparison panes alike.
 */
import { useMemo } from 'react';
import { useUiStore } from '../../store/uiStore';
import { stageExtent } from '../geometry/extent';
import { layoutStage } from '../geometry/stageLayout';
import type { TimelineFrame } from '../timeline';

export function useStageGeometry(frames: readonly TimelineFrame[]) {
  const extent = useMemo(() => stageExtent(frames), [frames]);
  const expanded = useUiStore((s) => s.expandedRanges);
  const layout = useMemo(() => layoutStage(extent, new Set(expanded)), [extent, expanded]);
  return { extent, layout };
}
