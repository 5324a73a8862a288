import { useEffect, useState } from 'react';
import type { FinalState } from '../engine';
import { traceForView } from '../machines/runScenarioMachines';
import type { ScenarioDoc } from '../engine/trace';

/** Worked out once per document for the whole visit. */
const cache = new WeakMap<ScenarioDoc, FinalState | null>();

/**
 * The final state of each scenario, for the gallery's previews: run one scenario at a time
 * between frames, so opening the gallery never blocks (a scenario the engine rejects gets no
 * preview, not an error).
 */
export function useFinalStates(
  entries: readonly { id: string; doc: ScenarioDoc }[] | null,
): ReadonlyMap<string, FinalState> {
  const [finals, setFinals] = useState<ReadonlyMap<string, FinalState>>(new Map());
  useEffect(() => {
    if (!entries) return;
    let cancelled = false;
    let i = 0;
    let timer = 0;
    const known = new Map<string, FinalState>();
    const finalOf = (doc: ScenarioDoc): FinalState | null => {
      if (cache.has(doc)) return cache.get(doc)!;
      let f: FinalState | null;
      try {
        f = traceForView(doc).final;
      } catch {
        f = null;
      }
      cache.set(doc, f);
      return f;
    };
    const next = () => {
      if (cancelled) return;
      // A few scenarios per turn (cached ones cost nothing), then yield to the browser.
      const until = performance.now() + 8;
      let changed = false;
      while (i < entries.length && performance.now() < until) {
        const e = entries[i++]!;
        const f = finalOf(e.doc);
        if (f) {
          known.set(e.id, f);
          changed = true;
        }
      }
      if (changed) setFinals(new Map(known));
      if (i < entries.length) timer = window.setTimeout(next, 0);
    };
    timer = window.setTimeout(next, 0);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [entries]);
  return finals;
}
