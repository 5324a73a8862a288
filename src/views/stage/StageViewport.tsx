/**
 * The stage's scrolling window: native scrolling (keyboard, wheel, touch, scrollbars), drag with
 * the mouse to pan, Ctrl/⌘ + wheel to zoom. It reports the band of rows on screen so a large
 * stage only draws what can be seen.
 */
import {
  forwardRef,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import type { Box } from '../geometry/stageLayout';
import { anyInView, followScroll, scrollToCentre, visibleBand } from '../geometry/viewport';
import type { StageWindow } from './StageView';

export interface StageViewportHandle {
  /** Scrolls so one of `boxes` is on screen, unless one already is. */
  reveal: (boxes: readonly Box[], smooth: boolean) => void;
}

export interface StageViewportProps {
  scale: number;
  /** Track the on-screen band (large stages); otherwise the band is null: draw everything. */
  cull: boolean;
  /**
   * Where what a step changed is drawn (a new list for each step to follow). When none of it is
   * on screen, the window scrolls to the nearest (geometry/viewport.ts followScroll) at once —
   * not smoothly: a smooth scroll would redraw the stage for many frames.
   */
  follow?: readonly Box[];
  /** The drawing's height in pixels, to know how far the window can scroll. */
  contentHeight?: number;
  onWidth: (width: number) => void;
  /** Ctrl/⌘ + wheel: +1 zooms in, -1 out. */
  onZoom: (direction: 1 | -1) => void;
  children: (band: StageWindow | null) => React.ReactNode;
}

export const StageViewport = forwardRef<StageViewportHandle, StageViewportProps>(
  function StageViewport(
    { scale, cull, follow, contentHeight = Infinity, onWidth, onZoom, children },
    ref,
  ) {
    const el = useRef<HTMLDivElement>(null);
    const [band, setBand] = useState<StageWindow | null>(null);
    const zoomRef = useRef(onZoom);
    zoomRef.current = onZoom;

    // The window's scroll position and size, as last reported by scroll events and the resize
    // observer. Reading them from the element right after React changed the drawing would
    // force the browser to lay the whole stage out again in the middle of a step.
    const metrics = useRef({ left: 0, top: 0, width: 0, height: 0 });

    // Following a step is decided while rendering it, so the rows of the band scrolled to are
    // drawn in the same commit and the scroll lands in the same frame: one layout per step,
    // not a second frame (and a second layout) after the scroll event.
    const [followed, setFollowed] = useState<{
      boxes: readonly Box[] | undefined;
      to: { top: number; left: number } | null;
    }>({ boxes: follow, to: null });
    if (followed.boxes !== follow) {
      const to = follow ? followScroll(follow, metrics.current, scale, contentHeight) : null;
      setFollowed({ boxes: follow, to });
      if (to && cull) {
        const next = visibleBand(to.top, metrics.current.height, scale);
        if (!band || band.top !== next.top || band.bottom !== next.bottom) setBand(next);
      }
    }
    useLayoutEffect(() => {
      const v = el.current;
      if (!followed.to || !v) return;
      metrics.current = { ...metrics.current, ...followed.to };
      v.scrollTo?.({ ...followed.to, behavior: 'auto' });
    }, [followed]);

    useImperativeHandle(
      ref,
      () => ({
        reveal(boxes, smooth) {
          const v = el.current;
          const view = metrics.current;
          if (!v || boxes.length === 0 || view.height === 0) return;
          if (anyInView(boxes, view, scale)) return;
          const to = scrollToCentre(boxes[0]!, view, scale);
          v.scrollTo?.({ ...to, behavior: smooth ? 'smooth' : 'auto' });
        },
      }),
      [scale],
    );

    // The band follows scrolling and resizing; it only changes when a BAND boundary is crossed.
    useEffect(() => {
      const v = el.current;
      if (!v) return;
      let frame = 0;
      const update = () => {
        frame = 0;
        if (!cull) return setBand(null);
        const m = metrics.current;
        const next = visibleBand(m.top, m.height || 800, scale);
        setBand((b) => (b && b.top === next.top && b.bottom === next.bottom ? b : next));
      };
      const onScroll = () => {
        metrics.current = { ...metrics.current, left: v.scrollLeft, top: v.scrollTop };
        if (!frame) frame = requestAnimationFrame(update);
      };
      const onResize = (entries: readonly ResizeObserverEntry[]) => {
        const box = entries[entries.length - 1]?.contentRect;
        if (box) {
          metrics.current = { ...metrics.current, width: box.width, height: box.height };
          onWidth(box.width);
        }
        if (!frame) frame = requestAnimationFrame(update);
      };
      metrics.current = {
        left: v.scrollLeft,
        top: v.scrollTop,
        width: v.clientWidth,
        height: v.clientHeight,
      };
      onWidth(v.clientWidth);
      update();
      v.addEventListener('scroll', onScroll, { passive: true });
      const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(onResize);
      ro?.observe(v);
      return () => {
        v.removeEventListener('scroll', onScroll);
        ro?.disconnect();
        if (frame) cancelAnimationFrame(frame);
      };
    }, [cull, scale, onWidth]);

    // Ctrl/⌘ + wheel zooms instead of scrolling (a non-passive listener, to keep the browser
    // from zooming the whole page).
    useEffect(() => {
      const v = el.current;
      if (!v) return;
      const onWheel = (e: WheelEvent) => {
        if (!e.ctrlKey && !e.metaKey) return;
        e.preventDefault();
        zoomRef.current(e.deltaY < 0 ? 1 : -1);
      };
      v.addEventListener('wheel', onWheel, { passive: false });
      return () => v.removeEventListener('wheel', onWheel);
    }, []);

    // Drag the background with the mouse to pan; rows keep their clicks.
    const drag = useRef<{ x: number; y: number; left: number; top: number } | null>(null);
    const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
      const v = el.current;
      if (!v || e.pointerType !== 'mouse' || e.button !== 0) return;
      if ((e.target as Element).closest('.stage-row, button')) return;
      drag.current = { x: e.clientX, y: e.clientY, left: v.scrollLeft, top: v.scrollTop };
      v.setPointerCapture?.(e.pointerId);
      v.dataset.panning = 'true';
    };
    const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
      const v = el.current;
      const d = drag.current;
      if (!v || !d) return;
      v.scrollLeft = d.left - (e.clientX - d.x);
      v.scrollTop = d.top - (e.clientY - d.y);
    };
    const endDrag = () => {
      drag.current = null;
      if (el.current) delete el.current.dataset.panning;
    };

    return (
      <div
        ref={el}
        className="stage__viewport"
        data-testid="stage-viewport"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
      >
        {children(band)}
      </div>
    );
  },
);
