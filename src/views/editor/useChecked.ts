/**
 * Validates and runs the draft as the user edits, 150 ms after the last change, so typing
 * stays smooth. A document whose estimated run time is long is not run on every edit (the
 * engine works page by page, and a million-page machine takes seconds); the user can still run
 * it once, or play it in the lab.
 */
import { useEffect, useState } from 'react';
import type { ScenarioDoc, Trace } from '../../engine';
import { traceForView } from '../../machines/runScenarioMachines';
import { type ScenarioError, validateScenario } from '../../scenarios/load';
import { asArray, asObject } from './json';

export const RUN_DEBOUNCE_MS = 150;
/** Estimated cost (≈ µs) up to which a document runs on every edit. */
export const AUTO_RUN_BUDGET = 250_000;
/** Above this the editor does not run the document at all (a few seconds of a frozen tab). */
export const MANUAL_RUN_BUDGET = 4_000_000;

export interface Checked {
  /** The draft this result belongs to (compare with the current one to know it is stale). */
  readonly doc: unknown;
  readonly errors: readonly ScenarioError[];
  readonly valid: ScenarioDoc | null;
  readonly trace: Trace | null;
  /** Set when a valid document was not run because of its size. */
  readonly skipped: { readonly estimate: number; readonly canRun: boolean } | null;
  /** The engine threw (a bug, not a kernel result): what it said. */
  readonly crash: string | null;
}

/**
 * A rough cost of running `doc`, in microseconds on a laptop, measured on the engine: the
 * machine's pages are set up one by one, each step costs a little, each page a step touches more.
 */
export function estimateCost(doc: ScenarioDoc): number {
  const machinePages =
    doc.machine.systemPages + doc.machine.devices.reduce((n, d) => n + d.pages, 0);
  let touched = 0;
  for (const s of doc.steps) {
    const count = (s as { count?: unknown }).count;
    if (typeof count === 'number') touched += count;
  }
  return machinePages * 1.5 + touched * 6 + doc.steps.length * 40;
}

export function check(doc: unknown, force = false): Checked {
  const base = { doc, trace: null, skipped: null, crash: null };
  const v = validateScenario(doc);
  if (!v.ok) return { ...base, errors: v.errors, valid: null };
  const estimate = estimateCost(v.doc);
  if (estimate > AUTO_RUN_BUDGET && !(force && estimate <= MANUAL_RUN_BUDGET)) {
    return {
      ...base,
      errors: [],
      valid: v.doc,
      skipped: { estimate, canRun: estimate <= MANUAL_RUN_BUDGET },
    };
  }
  try {
    return { ...base, errors: [], valid: v.doc, trace: traceForView(v.doc) };
  } catch (e) {
    return { ...base, errors: [], valid: v.doc, crash: (e as Error).message };
  }
}

/** Steps in the document (without validating it), for messages. */
export const stepsIn = (doc: unknown) => asArray(asObject(doc)?.steps)?.length ?? 0;

/**
 * The check of `doc`, refreshed after a pause in editing. `forced` is the document the user
 * asked to run despite its size (the run happens once, for that document only).
 */
export function useChecked(doc: unknown, paused: boolean, forced: unknown): Checked {
  const [checked, setChecked] = useState(() => check(doc));
  useEffect(() => {
    if (paused) return;
    const force = forced === doc;
    if (checked.doc === doc && !(force && checked.skipped?.canRun)) return;
    const t = setTimeout(() => setChecked(check(doc, force)), force ? 0 : RUN_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [doc, paused, forced, checked]);
  return checked;
}
