/**
 * The compare page (`#compare`, loaded lazily): the scenario on stage under two kernels in
 * lockstep. It has a player of its own, so the main stage keeps its place, and the same keys.
 * The kernels picked and the position survive a visit to an invariant (Back returns here).
 */
import { useEffect, useMemo, useState } from 'react';
import type { ScenarioDoc } from '../engine';
import { CompareView } from '../views/compare/CompareView';
import { OUTCOME_TITLE } from '../views/kernel/OutcomeBanner';
import { type KernelChoice, choiceLine } from '../views/kernel/kernelSpec';
import { PlayerContext } from '../views/PlayerContext';
import type { StepOutline } from '../views/scenarioOutline';
import type { TimelineMark } from '../views/TimelineBar';
import { rowStarts } from './compare/align';
import { compareRuns, defaultChoices } from './compare/runs';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';

interface Remembered {
  left: KernelChoice;
  right: KernelChoice;
  position: number;
}
/** Per document, for this page load: what the reader had picked when they left the page. */
const remembered = new WeakMap<ScenarioDoc, Remembered>();

function Compare({ doc, onBack }: { doc: ScenarioDoc; onBack: () => void }) {
  const [choices, setChoices] = useState(() => remembered.get(doc) ?? defaultChoices(doc));
  const cmp = useMemo(() => compareRuns(doc, choices.left, choices.right), [doc, choices]);
  const player = PlayerContext.useActorRef();
  const position = PlayerContext.useSelector((s) => s.context.position);
  const total = PlayerContext.useSelector((s) => s.context.total);
  useKeyboardShortcuts(true);

  useEffect(() => {
    const back = remembered.get(doc)?.position;
    player.send({
      type: 'player.load',
      total: Math.max(0, cmp.rows.length - 1),
      opStarts: rowStarts(cmp.rows),
      ...(back !== undefined ? { position: Math.min(back, cmp.rows.length - 1) } : {}),
    });
    // New kernels reload the runs and keep the reader's place (the last one remembered).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [player, cmp]);
  useEffect(() => {
    // Only once this comparison is loaded: before, the player (not started yet, or still on
    // the previous runs) is not at the reader's place and would overwrite it.
    if (total === Math.max(0, cmp.rows.length - 1)) remembered.set(doc, { ...choices, position });
  }, [doc, choices, position, total, cmp]);

  // One mark per row, naming every pane whose kernel broke there.
  const outcomes = useMemo<TimelineMark[]>(
    () =>
      cmp.rows.flatMap((r, i) => {
        const broke = (['left', 'right'] as const).flatMap((side) => {
          const index = r[side];
          const held = side === 'left' ? r.leftHeld : r.rightHeld;
          const o = index === null || held ? undefined : cmp[side].timeline.frames[index];
          const outcome = o?.microstep?.outcome;
          return outcome ? [`${side} kernel: ${OUTCOME_TITLE[outcome.kind]}`] : [];
        });
        return broke.length
          ? [{ position: i, kind: 'outcome' as const, label: broke.join(', ') }]
          : [];
      }),
    [cmp],
  );
  const pane = (side: 'left' | 'right') => ({
    choice: choices[side],
    onChoice: (next: KernelChoice) => setChoices((c) => ({ ...c, [side]: next })),
    line: choiceLine(choices[side]),
    timeline: cmp[side].timeline,
    problem: cmp[side].problem,
  });
  return (
    <CompareView
      title={doc.title}
      steps={doc.steps as readonly StepOutline[]}
      left={pane('left')}
      right={pane('right')}
      rows={cmp.rows}
      divergence={cmp.divergence}
      outcomes={outcomes}
      onBack={onBack}
    />
  );
}

/** A React key per document: another scenario starts over (its own kernels, first step). */
const keys = new WeakMap<ScenarioDoc, number>();
let nextKey = 0;
const keyOf = (doc: ScenarioDoc) => {
  if (!keys.has(doc)) keys.set(doc, nextKey++);
  return keys.get(doc)!;
};

export function ComparePage(props: { doc: ScenarioDoc; onBack: () => void }) {
  return (
    <PlayerContext.Provider>
      <Compare key={keyOf(props.doc)} {...props} />
    </PlayerContext.Provider>
  );
}
