import { useEffect, useMemo, useState } from 'react';
import { AppHeader } from '../views/AppHeader';
import { layoutStage } from '../views/geometry/stageLayout';
import { stageExtent } from '../views/geometry/extent';
import { NarrationPanel } from '../views/NarrationPanel';
import { PlayerContext } from '../views/PlayerContext';
import { ScenarioPicker } from '../views/ScenarioPicker';
import type { ScenarioOutline, StepOutline } from '../views/scenarioOutline';
import { ShortcutsDialog } from '../views/ShortcutsDialog';
import { Stage } from '../views/Stage';
import { StageView } from '../views/stage/StageView';
import { TimelineBar } from '../views/TimelineBar';
import type { Timeline } from '../views/timeline';
import { buildTimeline } from './buildTimeline';
import { BUILTIN_SCENARIOS, type BuiltinScenario } from './builtinScenarios';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { useSystemPreferences } from './useSystemPreferences';
import './App.css';

export interface AppProps {
  /** Scenarios offered by the picker; the first opens. Defaults to the built-in ones. */
  scenarios?: readonly BuiltinScenario[];
}

/** Mark used by `npm run bench` to time the first render of the built site. */
export const FIRST_RENDER_MARK = 'hmm-lab:first-render';

const EMPTY_TIMELINE: Timeline = { frames: [], opStarts: [] };

const outlineOf = (s: BuiltinScenario): ScenarioOutline => ({
  id: s.id,
  title: s.doc.title,
  summary: s.doc.summary,
  steps: s.doc.steps as readonly StepOutline[],
});

function Shell({ scenarios }: { scenarios: readonly BuiltinScenario[] }) {
  const [scenarioId, setScenarioId] = useState(scenarios[0]?.id ?? '');
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
  const extent = useMemo(() => stageExtent(timeline.frames.map((f) => f.world)), [timeline]);
  const layout = useMemo(() => layoutStage(extent), [extent]);
  const player = PlayerContext.useActorRef();
  const position = PlayerContext.useSelector((s) => s.context.position);
  const frame = timeline.frames[Math.min(position, timeline.frames.length - 1)] ?? null;
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
          scenarios={scenarios.map(outlineOf)}
          value={scenario.id}
          onChange={setScenarioId}
        />
      </AppHeader>
      <main className="app__main">
        <Stage title={outline.title} problem={run.problem}>
          {frame ? (
            <StageView
              extent={extent}
              layout={layout}
              world={frame.world}
              changed={frame.microstep?.changed ?? null}
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
      <ShortcutsDialog />
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
