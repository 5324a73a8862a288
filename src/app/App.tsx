import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { AppHeader } from '../views/AppHeader';
import { layoutStage } from '../views/geometry/stageLayout';
import { stageExtent } from '../views/geometry/extent';
import { NarrationPanel } from '../views/NarrationPanel';
import { PlayerContext } from '../views/PlayerContext';
import { ScenarioPicker } from '../views/ScenarioPicker';
import type { ScenarioOutline, StepOutline } from '../views/scenarioOutline';
import { Stage } from '../views/Stage';
import { StagePanel } from '../views/stage/StagePanel';
import { TimelineBar } from '../views/TimelineBar';
import type { Timeline } from '../views/timeline';
import { buildTimeline } from './buildTimeline';
import { BUILTIN_SCENARIOS, type BuiltinScenario } from './builtinScenarios';
import { useUiStore } from '../store/uiStore';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { pickerOption, useScenarioFromUrl } from './useScenarioFromUrl';
import { useSystemPreferences } from './useSystemPreferences';
import './App.css';

export interface AppProps {
  /** Scenarios offered by the picker; the first opens. Defaults to the built-in ones. */
  scenarios?: readonly BuiltinScenario[];
}

/** Mark used by `npm run bench` to time the first render of the built site. */
export const FIRST_RENDER_MARK = 'hmm-lab:first-render';

const EMPTY_TIMELINE: Timeline = { frames: [], opStarts: [] };

const ShortcutsDialog = lazy(() =>
  import('../views/ShortcutsDialog').then((m) => ({ default: m.ShortcutsDialog })),
);
const LinkErrorBanner = lazy(() =>
  import('../views/LinkErrorBanner').then((m) => ({ default: m.LinkErrorBanner })),
);

const outlineOf = (s: BuiltinScenario): ScenarioOutline => ({
  id: s.id,
  title: s.doc.title,
  summary: s.doc.summary,
  steps: s.doc.steps as readonly StepOutline[],
});

function Shell({ scenarios: given }: { scenarios: readonly BuiltinScenario[] }) {
  // Once opened, the dialog stays mounted, so closing it returns the focus where it was.
  const shortcutsOpen = useUiStore((s) => s.shortcutsOpen);
  const [shortcutsWanted, setShortcutsWanted] = useState(false);
  if (shortcutsOpen && !shortcutsWanted) setShortcutsWanted(true);
  const [scenarioId, setScenarioId] = useState(given[0]?.id ?? '');
  // Scenarios opened from a shared link (#s=…) join the list; the given ones always stay.
  const link = useScenarioFromUrl(setScenarioId);
  const scenarios = useMemo(() => [...given, ...link.scenarios], [given, link.scenarios]);
  const scenario = scenarios.find((s) => s.id === scenarioId) ?? scenarios[0]!;
  const outline = useMemo(() => outlineOf(scenario), [scenario]);
  // The whole run is recorded once; the timeline then only picks frames out of it. An engine
  // failure is shown on the stage, never a blank app.
  const run = useMemo(() => {
    try {
      return { timeline: buildTimeline(scenario.doc), problem: undefined };
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return {
        timeline: EMPTY_TIMELINE,
        problem: `The engine could not run this scenario: ${why}`,
      };
    }
  }, [scenario]);
  const timeline = run.timeline;
  const extent = useMemo(() => stageExtent(timeline.frames), [timeline]);
  const expanded = useUiStore((s) => s.expandedRanges);
  const layout = useMemo(() => layoutStage(extent, new Set(expanded)), [extent, expanded]);
  const player = PlayerContext.useActorRef();
  const position = PlayerContext.useSelector((s) => s.context.position);
  const frame = timeline.frames[Math.min(position, timeline.frames.length - 1)] ?? null;
  // A copy is animated when the reader steps onto it going forward, not when stepping back or
  // jumping (the state shown is the same either way).
  const [arrival, setArrival] = useState({ position, forward: false });
  if (arrival.position !== position)
    setArrival({ position, forward: position === arrival.position + 1 });
  const forward =
    arrival.position === position ? arrival.forward : position === arrival.position + 1;
  const microCount = frame ? timeline.frames.filter((f) => f.step === frame.step).length : 0;

  useSystemPreferences();
  useKeyboardShortcuts();

  useEffect(() => {
    player.send({
      type: 'player.load',
      total: Math.max(0, timeline.frames.length - 1),
      opStarts: timeline.opStarts,
    });
  }, [player, timeline]);

  useEffect(() => {
    if (performance.getEntriesByName(FIRST_RENDER_MARK).length === 0) {
      performance.mark(FIRST_RENDER_MARK);
    }
  }, []);

  const seekStep = (step: number) => {
    const next = timeline.opStarts[step + 1];
    player.send({
      type: 'player.seek',
      position: next === undefined ? timeline.frames.length - 1 : next - 1,
    });
  };

  return (
    <div className="app">
      <AppHeader>
        <ScenarioPicker
          scenarios={scenarios.map(pickerOption)}
          value={scenario.id}
          onChange={setScenarioId}
        />
      </AppHeader>
      <main className="app__main">
        <Stage title={outline.title} problem={run.problem}>
          {frame ? (
            <StagePanel
              extent={extent}
              layout={layout}
              world={frame.world}
              changed={frame.microstep?.changed ?? null}
              copies={forward ? frame.microstep?.copies : undefined}
            />
          ) : undefined}
        </Stage>
        <NarrationPanel
          scenario={outline}
          frame={frame}
          microCount={microCount}
          onSeekStep={seekStep}
        />
      </main>
      <footer className="app__footer">
        <TimelineBar />
      </footer>
      {/* Loaded the first time they are needed: not part of the first visit's JavaScript. */}
      <Suspense fallback={null}>
        {shortcutsWanted ? <ShortcutsDialog /> : null}
        {link.error ? (
          <LinkErrorBanner errors={link.error.errors} onDismiss={link.dismiss} />
        ) : null}
      </Suspense>
    </div>
  );
}

/** The whole app: the player actor around the shell. */
export function App({ scenarios = BUILTIN_SCENARIOS }: AppProps) {
  return (
    <PlayerContext.Provider>
      <Shell scenarios={scenarios} />
    </PlayerContext.Provider>
  );
}
