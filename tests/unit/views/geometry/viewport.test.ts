import { describe, expect, test } from 'vitest';
import { copyDelay, copyPoint, COPY_STAGGER_MAX } from '../../../../src/views/geometry/copyPath';
import {
  anyInView,
  BAND,
  followScroll,
  MIN_STAGE_PX,
  scrollToCentre,
  stageScale,
  visibleBand,
} from '../../../../src/views/geometry/viewport';

describe('stageScale', () => {
  test('fit shrinks a wide stage to the viewport, never enlarges it, never below the minimum', () => {
    expect(stageScale('fit', 500, 1000)).toBe(MIN_STAGE_PX / 1000);
    expect(stageScale('fit', 900, 1000)).toBe(0.9);
    expect(stageScale('fit', 2000, 1000)).toBe(1);
    expect(stageScale(1.5, 400, 1000)).toBe(1.5);
    expect(stageScale('fit', 0, 1000)).toBe(1);
  });
});

describe('visibleBand', () => {
  test('covers the screen plus a third of a screen either side, snapped to bands', () => {
    const b = visibleBand(3100, 800, 1);
    expect(b.top).toBeLessThanOrEqual(3100 - 800 / 3);
    expect(b.bottom).toBeGreaterThanOrEqual(3900 + 800 / 3);
    expect(b.top % BAND).toBe(0);
    expect(b.bottom % BAND).toBe(0);
    // Scrolling a little keeps the same band (no re-render).
    expect(visibleBand(3120, 800, 1)).toEqual(b);
  });

  test('works in layout units when zoomed', () => {
    const b = visibleBand(2000, 800, 2); // layout 1000..1400 on screen
    expect(b.top).toBeLessThanOrEqual(1000 - 400 / 3);
    expect(b.bottom).toBeGreaterThanOrEqual(1400 + 400 / 3);
  });
});

describe('following changes', () => {
  const box = { x: 100, y: 2000, width: 200, height: 26 };
  test('a box is in view only when it overlaps the scrolled window', () => {
    expect(anyInView([box], { left: 0, top: 0, width: 800, height: 600 }, 1)).toBe(false);
    expect(anyInView([box], { left: 0, top: 1800, width: 800, height: 600 }, 1)).toBe(true);
    expect(anyInView([box], { left: 0, top: 800, width: 800, height: 600 }, 0.5)).toBe(true);
  });
  test('scrollToCentre centres the box vertically', () => {
    const to = scrollToCentre(box, { left: 0, width: 800, height: 600 }, 1);
    expect(to.top).toBe(2013 - 300);
    expect(to.left).toBe(0);
  });
});

describe('copy path', () => {
  const from = { x: 400, y: 50, width: 300, height: 26 };
  const to = { x: 400, y: 300, width: 300, height: 26 };
  test('starts on the source row, ends on the destination row, bulges right of the column', () => {
    expect(copyPoint(from, to, 0)).toEqual([475, 63]);
    expect(copyPoint(from, to, 1)).toEqual([475, 313]);
    expect(copyPoint(from, to, 0.5)[0]).toBeGreaterThan(from.x + from.width * 0.25);
  });
  test('many copies start staggered but within a bounded time', () => {
    expect(copyDelay(0, 1)).toBe(0);
    expect(copyDelay(3, 4)).toBeGreaterThan(copyDelay(1, 4));
    expect(copyDelay(99, 100)).toBe(COPY_STAGGER_MAX);
  });
});

describe('followScroll', () => {
  const view = { left: 0, top: 1000, width: 800, height: 600 };
  const at = (y: number) => ({ x: 10, y, width: 200, height: 26 });

  test('stays put when any change is on screen', () => {
    expect(followScroll([at(100), at(1200)], view, 1, 10_000)).toBeNull();
    expect(followScroll([], view, 1, 10_000)).toBeNull();
  });

  test('a change just below the view is brought in past the edge, not centred', () => {
    const to = followScroll([at(1700)], view, 1, 10_000)!;
    expect(to.top).toBe(1700 + 26 + 150 - 600);
    expect(anyInView([at(1700)], { ...view, top: to.top }, 1)).toBe(true);
  });

  test('a change just above the view is brought in past the top edge', () => {
    expect(followScroll([at(700)], view, 1, 10_000)!.top).toBe(700 - 150);
  });

  test('the change nearest the view wins; a far one is centred', () => {
    expect(followScroll([at(8000), at(1700)], view, 1, 10_000)!.top).toBe(1276);
    expect(followScroll([at(8000)], view, 1, 10_000)!.top).toBe(8013 - 300);
  });

  test('never scrolls past the end of the drawing', () => {
    expect(followScroll([at(9950)], view, 1, 10_000)!.top).toBe(9400);
  });
});
