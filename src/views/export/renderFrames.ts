/**
 * Draws timeline frames off screen, one after another, for export: a StageView (the whole
 * stage, no culling, no zoom, no inspection marks) in a container that is attached to the page
 * — so the app's style sheets and theme apply and getComputedStyle resolves them — but placed
 * out of sight and inert.
 */
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { StageExtent } from '../geometry/extent';
import type { StageLayout } from '../geometry/stageLayout';
import { StageView } from '../stage/StageView';
import type { TimelineFrame } from '../timeline';

export interface OffscreenStage {
  /** Draws frame `index` and returns the stage's container (`.stage-svg`). */
  draw(frames: readonly TimelineFrame[], index: number): Element;
  dispose(): void;
}

export function offscreenStage(extent: StageExtent, layout: StageLayout): OffscreenStage {
  const host = document.createElement('div');
  host.className = 'export-offscreen';
  host.setAttribute('aria-hidden', 'true');
  host.inert = true;
  // Out of sight, but laid out and styled (visibility: hidden would be inherited and exported).
  Object.assign(host.style, {
    position: 'fixed',
    left: '-100000px',
    top: '0',
    width: `${layout.width}px`,
    pointerEvents: 'none',
  });
  document.body.append(host);
  const root = createRoot(host);
  return {
    draw(frames, index) {
      const frame = frames[index]!;
      flushSync(() =>
        root.render(
          createElement(StageView, {
            // A new key mounts new rows: a CSS transition never leaves a half-way colour.
            key: index,
            extent,
            layout,
            world: frame.world,
            changed: frame.microstep?.changed ?? null,
            previous: frames[index - 1]?.world ?? null,
            window: null,
            scale: 1,
          }),
        ),
      );
      const stage = host.querySelector('.stage-svg');
      if (!stage) throw new Error('the stage did not render');
      return stage;
    },
    dispose() {
      root.unmount();
      host.remove();
    },
  };
}
