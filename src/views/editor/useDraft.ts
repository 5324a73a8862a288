/**
 * The editor's document with undo/redo, started from the stored draft (or `initial`), and saved
 * back to localStorage a moment after each edit and when the editor goes away. A stored draft
 * that cannot be read is set aside under its own key and reported, never overwritten.
 */
import { useEffect, useReducer, useRef, useState } from 'react';
import type { ScenarioDoc } from '../../engine';
import { type DraftLoad, readDraft, saveDraft, setAside } from './draftStorage';
import { type EditorState, editorReducer, initialState } from './history';
import type { Json } from './json';

const SAVE_DELAY_MS = 250;

export interface DraftProblem {
  readonly reason: string;
  /** Where the unreadable draft now is (null: it could not be moved and stays in place). */
  readonly movedTo: string | null;
}

function start(initial: ScenarioDoc, load: DraftLoad): EditorState {
  if (load.kind === 'ok') return initialState(load.doc, load.text);
  return initialState(initial as unknown as Json);
}

export function useDraft(initial: ScenarioDoc) {
  const [load] = useState(() => readDraft());
  const [state, dispatch] = useReducer(editorReducer, undefined, () => start(initial, load));
  const [problem, setProblem] = useState<DraftProblem | null>(() =>
    load.kind === 'corrupt' ? { reason: load.reason, movedTo: load.asideKey } : null,
  );
  const [saveError, setSaveError] = useState<string | null>(null);
  const pending = useRef<{ doc: Json; text: string } | null>(null);
  /** The corrupt draft is moved before anything is saved over it. */
  const asideDone = useRef(load.kind !== 'corrupt');

  useEffect(() => {
    if (load.kind !== 'corrupt' || asideDone.current) return;
    asideDone.current = true;
    if (!setAside(load.raw, load.asideKey)) {
      // Could not move it: keep it, and do not save over it either.
      asideDone.current = false;
      const t = setTimeout(() => setProblem({ reason: load.reason, movedTo: null }), 0);
      return () => clearTimeout(t);
    }
  }, [load]);

  // Save only once the user has changed something: opening the editor is not a draft.
  const edited = state.past.length > 0 || state.future.length > 0;
  useEffect(() => {
    if (!edited || !asideDone.current) return;
    pending.current = { doc: state.doc, text: state.text };
    const t = setTimeout(() => {
      const p = pending.current;
      pending.current = null;
      if (p) setSaveError(saveDraft(p.doc, p.text));
    }, SAVE_DELAY_MS);
    return () => clearTimeout(t);
  }, [state.doc, state.text, edited]);

  // Leaving (closing the editor, reloading the page) saves what is still pending.
  useEffect(() => {
    const flush = () => {
      const p = pending.current;
      pending.current = null;
      if (p) saveDraft(p.doc, p.text);
    };
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      flush();
    };
  }, []);

  return { state, dispatch, problem, dismissProblem: () => setProblem(null), saveError };
}
