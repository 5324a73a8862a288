/**
 * The HMM-vs-GMEM comparison page (`#compare/gmem/<id>`, loaded lazily): the comparison's two
 * library scenarios run, lined up by beat, on a player of the page's own (the main stage keeps
 * its place), with the same keys.
 */
import { useEffect, useMemo } from 'react';
import { COMPARISONS, comparisonById, type GmemComparison } from '../../scenarios/comparisons';
import { LIBRARY } from '../../scenarios/library/index';
import { GmemCompareView } from '../../views/compare/GmemCompareView';
import { PlayerContext } from '../../views/PlayerContext';
import type { StepOutline } from '../../views/scenarioOutline';
import { useKeyboardShortcuts } from '../useKeyboardShortcuts';
import { allPaths, pathCounts, runComparison, type SideRun } from './gmemRuns';

const side = (run: SideRun, id: string) => ({
  title: run.doc?.title ?? id,
  steps: (run.doc?.steps ?? []) as readonly StepOutline[],
  timeline: run.timeline,
  problem: run.problem,
});

function GmemCompare({ cmp, onBack }: { cmp: GmemComparison; onBack: () => void }) {
  const run = useMemo(() => runComparison(cmp, LIBRARY), [cmp]);
  const counts = useMemo(
    () => ({
      ...pathCounts(cmp.beats),
      all: { hmm: allPaths(cmp.beats, 'hmm').length, gmem: allPaths(cmp.beats, 'gmem').length },
    }),
    [cmp],
  );
  const player = PlayerContext.useActorRef();
  useKeyboardShortcuts(true);
  useEffect(() => {
    player.send({
      type: 'player.load',
      total: Math.max(0, run.rows.length - 1),
      opStarts: run.beatStarts,
    });
  }, [player, run]);
  return (
    <GmemCompareView
      id={cmp.id}
      title={cmp.title}
      summary={cmp.summary}
      beats={cmp.beats}
      rows={run.rows}
      beatEnds={run.beatEnds}
      hmm={side(run.hmm, cmp.hmm)}
      gmem={side(run.gmem, cmp.gmem)}
      counts={counts}
      others={COMPARISONS.filter((c) => c.id !== cmp.id).map((c) => ({
        id: c.id,
        title: c.title,
      }))}
      onBack={onBack}
    />
  );
}

export function GmemComparePage({ id, onBack }: { id: string; onBack: () => void }) {
  const cmp = comparisonById(id);
  if (!cmp)
    return (
      <main className="app__loading" data-testid="gmem-compare-missing">
        <p>There is no comparison named “{id}”.</p>
        <button type="button" onClick={onBack}>
          ← Back to the stage
        </button>
      </main>
    );
  return (
    <PlayerContext.Provider>
      <GmemCompare key={cmp.id} cmp={cmp} onBack={onBack} />
    </PlayerContext.Provider>
  );
}
