import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useStageGeometry } from '../views/stage/useStageGeometry';
import { isFixedKernel } from '../engine';
import { NarrationPanel } from '../views/NarrationPanel';
import { PlayerContext } from '../views/PlayerContext';
import type { ScenarioOutline, StepOutline } from '../views/scenarioOutline';
import { ExportMenu } from '../views/export/ExportMenu';
import { Stage } from '../views/Stage';
import { StagePanel } from '../views/stage/StagePanel';
import type { Timeline } from '../views/timeline';
import type { TimelineMark } from '../views/TimelineBar';
import { buildTimeline } from './buildTimeline';
import type { Rescheduled } from './race/useRaceReschedule';

/** The race panel (and the replay code) load the first time a race is on stage. */
const RaceControl = lazy(() =>
  import('./race/RaceControl').then((m) => ({ default: m.RaceControl })),
);
import type { BuiltinScenario } from './builtinScenarios';

/** Only for a kernel that is not the fixed one: most scenarios never load it. */
const KernelChip = lazy(() =>
  import('../views/kernel/KernelChip').then((m) => ({ default: m.KernelChip })),
);

const EMPTY_TIMELINE: Timeline = { frames: [], opStarts: [] };

/** Where the kernel broke, for the scrubber. */
const outcomeMarks = (t: Timeline): TimelineMark[] =>
  t.frames.flatMap((f, i) => {
    const o = f.microstep?.outcome;
    return o ? [{ position: i, kind: 'outcome' as const, label: `kernel ${o.kind}` }] : [];
  });

const outlineOf = (s: BuiltinScenario): ScenarioOutline => ({
  id: s.id,
  title: s.doc.title,
  summary: s.doc.summary,
  steps: s.doc.steps as readonly StepOutline[],
});

/** Where to open a scenario: its micro-step and player speed (a shared link carries them). */
export interface OpenAt {
  id: string;
  at?: number;
  speedIndex?: number;
}

/**
 * The whole run, recorded once per document (not per list entry: the library arriving after
 * the first render must not rebuild, or reset, the scenario on stage); an engine failure is
 * shown on the stage, never a blank app.
 */
export function useRun(scenario: BuiltinScenario) {
  const doc = scenario.doc;
  return useMemo(() => {
    try {
      const timeline = buildTimeline(doc);
      return { timeline, problem: undefined, marks: outcomeMarks(timeline) };
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      return {
        timeline: EMPTY_TIMELINE,
        marks: [],
        problem: `The engine could not run this scenario: ${why}`,
      };
    }
  }, [doc]);
}

/**
 * Loads a scenario's timeline into the player (at `openAt` when it names this scenario) — kept
 * mounted on every page, so the position survives a visit to the gallery or the editor.
 */
export function usePlayerLoad(
  scenario: BuiltinScenario,
  timeline: Timeline,
  openAt: OpenAt | null,
) {
  const player = PlayerContext.useActorRef();
  useEffect(() => {
    const at = openAt?.id === scenario.id ? openAt : undefined;
    player.send({
      type: 'player.load',
      total: Math.max(0, timeline.frames.length - 1),
      opStarts: timeline.opStarts,
      ...(at?.at !== undefined ? { position: at.at } : {}),
      ...(at?.speedIndex !== undefined ? { speedIndex: at.speedIndex } : {}),
    });
    // Only a new timeline (or a new place to open it at) reloads the player.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [player, timeline, openAt]);
}

/** The stage and the narration of the scenario on stage, at the player's position. */
export function Player({
  scenario,
  timeline,
  problem,
  original,
  onReschedule,
}: {
  scenario: BuiltinScenario;
  timeline: Timeline;
  problem: string | undefined;
  /** The scenario as it came, when the student changed the race schedule on stage. */
  original?: BuiltinScenario['doc'];
  /** The student picked another interleaving of the race on stage. */
  onReschedule?: (next: Rescheduled) => void;
}) {
  const outline = useMemo(() => outlineOf(scenario), [scenario]);
  const { extent, layout } = useStageGeometry(timeline.frames);
  const player = PlayerContext.useActorRef();
  const position = PlayerContext.useSelector((s) => s.context.position);
  const index = Math.min(position, timeline.frames.length - 1);
  const frame = timeline.frames[index] ?? null;
  // A copy is animated when the reader steps onto it going forward, not when stepping back or
  // jumping (the state shown is the same either way).
  const [arrival, setArrival] = useState({ position, forward: false });
  if (arrival.position !== position)
    setArrival({ position, forward: position === arrival.position + 1 });
  const forward =
    arrival.position === position ? arrival.forward : position === arrival.position + 1;
  const config = timeline.frames[0]?.world.config;
  const microCount = frame ? timeline.frames.filter((f) => f.step === frame.step).length : 0;

  const seekStep = (step: number) => {
    const next = timeline.opStarts[step + 1];
    player.send({
      type: 'player.seek',
      position: next === undefined ? timeline.frames.length - 1 : next - 1,
    });
  };

  return (
    <main className="app__main">
      <Stage title={outline.title} problem={problem}>
        {frame ? (
          <StagePanel
            extent={extent}
            layout={layout}
            world={frame.world}
            changed={frame.microstep?.changed ?? null}
            previous={timeline.frames[index - 1]?.world ?? null}
            copies={forward ? frame.microstep?.copies : undefined}
            microstep={frame.microstep ?? null}
            exportMenu={
              <ExportMenu
                title={outline.title}
                timeline={timeline}
                extent={extent}
                layout={layout}
                position={index}
              />
            }
          />
        ) : undefined}
      </Stage>
      <NarrationPanel
        scenario={outline}
        frame={frame}
        microCount={microCount}
        onSeekStep={seekStep}
        race={
          frame?.microstep?.thread !== undefined && onReschedule ? (
            <Suspense fallback={null}>
              <RaceControl
                doc={scenario.doc}
                timeline={timeline}
                position={position}
                original={original}
                onReschedule={onReschedule}
              />
            </Suspense>
          ) : null
        }
        kernel={
          config && !isFixedKernel(config) ? (
            <Suspense fallback={null}>
              <KernelChip config={config} />
            </Suspense>
          ) : null
        }
      />
    </main>
  );
}
