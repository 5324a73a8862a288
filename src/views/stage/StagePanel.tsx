/**
 * The stage as the reader uses it: the drawing in a zoomable, pannable window, a toolbar, the
 * details of what is hovered, focused or pinned, and a summary in words for screen readers.
 * Everything here is view state (zustand); the state drawn is the frame handed in.
 */
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { Changes, FrameCopy, MicroStep, World } from '../../engine';
import { sameTarget, stepZoom, type InspectTarget } from '../../store/slices/stageSlice';
import { useUiStore } from '../../store/uiStore';
import type { StageExtent } from '../geometry/extent';
import { type Box, type StageLayout } from '../geometry/stageLayout';
import { stageScale } from '../geometry/viewport';
import { CopyLayer } from './CopyLayer';
import { inspect } from './inspect';
import { changedBoxes, parseInspectKey, targetKey } from './inspectKeys';
import { StageToolbar } from './StageToolbar';
import type { Mark } from './StageRows';
import { StageView } from './StageView';
import { StageViewport, type StageViewportHandle } from './StageViewport';
import { describeStage } from './summary';

/** GMEM's panel loads only for a GMEM scenario: most visits never need it (initial JS budget). */
const GmemPanel = lazy(() => import('../gmem/GmemPanel').then((m) => ({ default: m.GmemPanel })));
import { useSettled } from '../useSettled';
import './StagePanel.css';

/** Loaded on the first hover or focus, not with the first visit's JavaScript. */
const DetailsCard = lazy(() => import('./DetailsCard').then((m) => ({ default: m.DetailsCard })));

/** How long a step stays on screen before the stage scrolls to what it changed. */
export const FOLLOW_MS = 100;

/** How long stepping must pause before the screen-reader summary is brought up to date. */
const SUMMARY_SETTLE_MS = 250;

/** Above this many rows only the band on screen is drawn. */
export const CULL_ROWS = 400;

export interface StagePanelProps {
  extent: StageExtent;
  layout: StageLayout;
  world: World;
  changed: Changes | null;
  /** Page contents the micro-step on screen copied (animated). */
  copies?: readonly FrameCopy[];
  /** The state before the micro-step on screen, when known (see StageView). */
  previous?: World | null;
  /** The micro-step on screen: the GMEM panel shows the gm_mmu callback it makes (if given). */
  microstep?: Pick<MicroStep, 'fn' | 'phase' | 'narration' | 'changed'> | null;
  /** Walkthrough marks on rows, by `data-inspect` key (StageView). */
  marks?: ReadonlyMap<string, Mark> | null;
  /**
   * A walkthrough's click question is open: activating a row picks it (by its `data-inspect`
   * key) instead of pinning its details.
   */
  onPick?: ((key: string) => void) | null;
  /** Rendered at the end of the stage toolbar (the player's export menu). */
  exportMenu?: ReactNode;
}

export function StagePanel({
  extent,
  layout,
  world,
  changed,
  copies,
  previous,
  microstep,
  marks = null,
  onPick = null,
  exportMenu,
}: StagePanelProps) {
  const zoom = useUiStore((s) => s.zoom);
  const setZoom = useUiStore((s) => s.setZoom);
  const hovered = useUiStore((s) => s.hovered);
  const pinned = useUiStore((s) => s.pinned);
  const setHovered = useUiStore((s) => s.setHovered);
  const togglePinned = useUiStore((s) => s.togglePinned);
  const clearInspect = useUiStore((s) => s.clearInspect);
  const toggleRange = useUiStore((s) => s.toggleRange);
  const reducedMotion = useUiStore((s) => s.reducedMotion);
  const [viewportWidth, setViewportWidth] = useState(0);
  const [tabKey, setTabKey] = useState<string | null>(null);
  const viewport = useRef<StageViewportHandle>(null);
  const summaryId = useId();

  const scale = stageScale(zoom, viewportWidth, layout.width);
  // The summary walks every entry: it is worked out once stepping pauses, not at every step.
  // World and extent settle together: a world of one scenario never meets another's extent.
  const onStage = useMemo(() => ({ world, extent }), [world, extent]);
  const settled = useSettled(onStage, SUMMARY_SETTLE_MS);
  const summary = useMemo(() => describeStage(settled.world, settled.extent), [settled]);
  const rows = layout.entries.size + layout.frames.size;
  const target = hovered ?? pinned;
  const details = useMemo(() => (target ? inspect(world, target) : null), [world, target]);
  const related = useMemo(() => {
    const keys = new Set<string>();
    if (details?.pointsTo) keys.add(targetKey(details.pointsTo.target));
    for (const l of details?.pointedBy ?? []) keys.add(targetKey(l.target));
    if (target) keys.add(targetKey(target));
    return keys;
  }, [details, target]);

  // Follow the action: when what a step changed is off screen, the viewport brings it into
  // view once the step has been on screen for FOLLOW_MS. Stepping one at a time, or playing at
  // any speed, the view follows every step; holding → (key repeat) it stays put instead of
  // lurching down and up the stage at every step (a far jump redraws the whole window).
  const changedNow = useMemo(() => changedBoxes(changed, layout), [changed, layout]);
  const follow = useSettled(changedNow, FOLLOW_MS);

  // Escape lets go of a pinned item wherever the focus is (a dialog handles its own Escape).
  useEffect(() => {
    if (!pinned) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || useUiStore.getState().shortcutsOpen) return;
      clearInspect();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pinned, clearInspect]);

  const reveal = useCallback(
    (t: InspectTarget) => {
      const box = boxOf(layout, t);
      if (box) viewport.current?.reveal([box], !reducedMotion);
    },
    [layout, reducedMotion],
  );
  const navigate = (t: InspectTarget) => {
    if (!sameTarget(t, pinned)) togglePinned(t);
    reveal(t);
  };

  const fromEvent = (e: React.SyntheticEvent) => {
    const el = (e.target as Element).closest?.('[data-inspect], [data-range]');
    return {
      inspect: parseInspectKey(el?.getAttribute('data-inspect') ?? null),
      range: el?.getAttribute('data-range') ?? null,
    };
  };
  const onActivate = (e: React.SyntheticEvent) => {
    const hit = fromEvent(e);
    if (hit.range) toggleRange(hit.range);
    else if (hit.inspect && onPick) onPick(targetKey(hit.inspect));
    else if (hit.inspect) togglePinned(hit.inspect);
    else return false;
    return true;
  };

  return (
    <div className="stage-panel">
      {/* GMEM (seed 003): its own tables and objects, above the page tables and memory. */}
      {world.gmem ? (
        <Suspense fallback={<p className="stage-panel__loading">Loading GMEM's tables…</p>}>
          <GmemPanel world={world} changed={changed} previous={previous} microstep={microstep} />
        </Suspense>
      ) : null}
      <StageToolbar
        zoom={zoom}
        scale={scale}
        onZoom={(d) => setZoom(stepZoom(zoom, d, scale))}
        onFit={() => setZoom('fit')}
        exportMenu={exportMenu}
      />
      <StageViewport
        ref={viewport}
        scale={scale}
        cull={rows > CULL_ROWS}
        follow={follow}
        contentHeight={layout.height * scale}
        onWidth={setViewportWidth}
        onZoom={(d) => setZoom(stepZoom(zoom, d, scale))}
      >
        {(band) => (
          <div
            className="stage-panel__canvas"
            style={{ width: layout.width * scale, height: layout.height * scale }}
            onPointerOver={(e) => setHovered(fromEvent(e).inspect)}
            onPointerLeave={() => setHovered(null)}
            onFocus={(e) => {
              const el = (e.target as Element).closest?.('[data-inspect], [data-range]');
              setTabKey(el?.getAttribute('data-inspect') ?? el?.getAttribute('data-range') ?? null);
              setHovered(fromEvent(e).inspect);
            }}
            onBlur={() => setHovered(null)}
            onClick={onActivate}
            onKeyDown={(e) => {
              if ((e.key === 'Enter' || e.key === ' ') && onActivate(e)) e.preventDefault();
              else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                if (
                  moveRowFocus(e.currentTarget, e.target as Element, e.key === 'ArrowDown' ? 1 : -1)
                )
                  e.preventDefault();
              } else if (e.key === 'Escape' && (pinned || hovered)) {
                clearInspect();
                e.preventDefault();
              }
            }}
          >
            <StageView
              extent={extent}
              layout={layout}
              world={world}
              changed={changed}
              previous={previous}
              window={band}
              scale={scale}
              tabKey={tabKey}
              inspected={target ? targetKey(target) : null}
              related={related}
              marks={marks}
              describedBy={summaryId}
            />
            <CopyLayer
              layout={layout}
              copies={copies}
              world={world}
              scale={scale}
              reducedMotion={reducedMotion}
            />
          </div>
        )}
      </StageViewport>
      <p id={summaryId} className="visually-hidden">
        {summary}
      </p>
      {details ? (
        <Suspense fallback={null}>
          <DetailsCard
            details={details}
            pinned={!hovered && pinned !== null}
            onNavigate={navigate}
            onClose={clearInspect}
          />
        </Suspense>
      ) : null}
    </div>
  );
}

function boxOf(layout: StageLayout, t: InspectTarget): Box | undefined {
  return t.kind === 'frame' ? layout.frames.get(t.index) : layout.entries.get(targetKey(t));
}

/**
 * ↑/↓ between the stage's rows, column by column (CPU tables, memory, device tables), top to
 * bottom — the stage is one Tab stop, so this is how a keyboard walks it.
 */
function moveRowFocus(canvas: Element, from: Element, direction: 1 | -1): boolean {
  const current = from.closest('.stage-row');
  if (!current) return false;
  const rows = [...canvas.querySelectorAll<SVGGElement>('.stage-row')]
    .map((el) => ({ el, r: el.getBoundingClientRect() }))
    .sort((a, b) => Math.round(a.r.left / 40) - Math.round(b.r.left / 40) || a.r.top - b.r.top);
  const i = rows.findIndex((x) => x.el === current);
  const next = rows[i + direction];
  if (i < 0 || !next) return false;
  next.el.focus();
  return true;
}
