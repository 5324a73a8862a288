import { beforeEach, describe, expect, test } from 'vitest';
import { stepZoom, ZOOM_STEPS } from '../../../src/store/slices/stageSlice';
import { useUiStore } from '../../../src/store/uiStore';

describe('stage slice', () => {
  beforeEach(() =>
    useUiStore.setState({ zoom: 'fit', expandedRanges: [], hovered: null, pinned: null }),
  );

  test('zoom steps from the scale in effect, and stops at both ends', () => {
    expect(stepZoom('fit', 1, 0.92)).toBe(1);
    expect(stepZoom('fit', -1, 0.92)).toBe(0.75);
    expect(stepZoom(1, 1)).toBe(1.25);
    expect(stepZoom(ZOOM_STEPS[ZOOM_STEPS.length - 1]!, 1)).toBe(2);
    expect(stepZoom(ZOOM_STEPS[0], -1)).toBe(0.5);
  });

  test('ranges toggle open and closed', () => {
    const { toggleRange } = useUiStore.getState();
    toggleRange('proc:A@4');
    toggleRange('region:dev0@9');
    expect(useUiStore.getState().expandedRanges).toEqual(['proc:A@4', 'region:dev0@9']);
    toggleRange('proc:A@4');
    expect(useUiStore.getState().expandedRanges).toEqual(['region:dev0@9']);
  });

  test('pinning the pinned target unpins it; hovering shows over the pinned one', () => {
    const s = useUiStore.getState();
    s.togglePinned({ kind: 'frame', index: 3 });
    expect(useUiStore.getState().pinned).toEqual({ kind: 'frame', index: 3 });
    s.setHovered({ kind: 'pte', proc: 'A', page: 0 });
    expect(useUiStore.getState().hovered).toEqual({ kind: 'pte', proc: 'A', page: 0 });
    s.togglePinned({ kind: 'frame', index: 3 });
    expect(useUiStore.getState()).toMatchObject({ pinned: null, hovered: null });
    s.togglePinned({ kind: 'frame', index: 3 });
    s.clearInspect();
    expect(useUiStore.getState().pinned).toBeNull();
  });
});
