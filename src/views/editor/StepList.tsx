/**
 * The steps, each with its result. A document may have up to 10,000 steps; rendering all of
 * them would make every keystroke slow, so the list shows a window and grows on request.
 */
import { useState } from 'react';
import type { Trace } from '../../engine';
import { useEditor } from './EditorContext';
import { type Json, asObject } from './json';
import { type StepCommand, StepCard } from './StepCard';
import { listId } from './StepFields';

const PAGE = 200;

export interface StepListProps {
  readonly doc: unknown;
  readonly steps: readonly Json[];
  readonly ids: readonly number[];
  readonly trace: Trace | null;
  readonly stale: boolean;
  readonly onCommand: (index: number, command: StepCommand) => void;
}

export function StepList({ doc, steps, ids, trace, stale, onCommand }: StepListProps) {
  const { idPrefix, names } = useEditor();
  const [shown, setShown] = useState(PAGE);
  const violated = new Set(trace?.violations.map((v) => v.step) ?? []);
  const visible = steps.slice(0, shown);
  return (
    <>
      {(['proc', 'mirror', 'device', 'pin', 'as'] as const).map((kind) => (
        <datalist key={kind} id={listId(idPrefix, kind)}>
          {names[kind === 'as' ? 'ases' : (`${kind}s` as const)].map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      ))}
      {steps.length === 0 ? (
        <p className="ed-empty">No steps yet. Add one from the list below.</p>
      ) : (
        <ol className="ed-steps" aria-label="Steps">
          {visible.map((raw, i) => {
            const step = asObject(raw);
            return (
              <li key={ids[i] ?? `i${i}`}>
                {step ? (
                  <StepCard
                    index={i}
                    total={steps.length}
                    step={step}
                    doc={doc}
                    result={trace?.results[i]}
                    stale={stale}
                    violated={violated.has(i)}
                    onCommand={onCommand}
                  />
                ) : (
                  <p className="ed-field__error">
                    Step {i + 1} is not an object; fix it in the JSON view.
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {steps.length > shown ? (
        <button type="button" className="icon-button" onClick={() => setShown((n) => n + PAGE)}>
          Show {Math.min(PAGE, steps.length - shown)} more steps (of {steps.length - shown} not
          shown)
        </button>
      ) : null}
    </>
  );
}
