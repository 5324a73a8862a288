/**
 * The scenario editor: a form and a JSON view of one document, edited both ways, checked and
 * run as you type, with each step's kernel result beside it. Self-contained (its state lives
 * here and in localStorage, not in the app's store) so the app can load it lazily.
 */
import {
  type KeyboardEvent,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ScenarioDoc, SupportedOp } from '../../engine';
import { validateScenario } from '../../scenarios/load';
import { SCENARIO_FORMAT } from '../../scenarios/schema';
import { EditorContext, type EditorContextValue } from './EditorContext';
import { EditorToolbar } from './EditorToolbar';
import { ErrorIndex } from './errors';
import { downloadJson, fileNameFor, readFileText } from './files';
import { type Json, asArray, asObject, parseJson, toJsonText } from './json';
import { JsonView } from './JsonView';
import { MachineForm } from './MachineForm';
import { OpPalette } from './OpPalette';
import { defaultStep, namesOf } from './ops';
import { RunStatus } from './RunStatus';
import { type StepCommand, stepControlId } from './StepCard';
import { StepList } from './StepList';
import { useChecked } from './useChecked';
import { useDraft } from './useDraft';
import './ScenarioEditor.css';

export interface ScenarioEditorProps {
  /** A document to start from when there is no stored draft (e.g. the scenario on stage). */
  initial: ScenarioDoc;
  /** Play the edited document in the app (only offered when it validates). */
  onPlay: (doc: ScenarioDoc) => void;
  onClose: () => void;
}

/** What "New" starts from: a machine with one device and no steps. */
export const NEW_DOC: Json = {
  format: SCENARIO_FORMAT,
  title: 'Untitled scenario',
  machine: { systemPages: 16, devices: [{ name: 'dev0', memory: 'private', pages: 8 }] },
  steps: [],
};

/** Errors the form has a place for; the rest are listed at the top of the form. */
const PLACED = /^(title|summary|machine|steps\[\d+\])/;

export function ScenarioEditor({ initial, onPlay, onClose }: ScenarioEditorProps) {
  const idPrefix = `ed${useId().replace(/[^A-Za-z0-9]/g, '')}`;
  const { state, dispatch, problem, dismissProblem, saveError } = useDraft(initial);
  const [forced, setForced] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  /** Where focus goes once the step list has changed (`from`: the step ids before the change). */
  const focusNext = useRef<{ id: string | null; from: readonly number[] } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const readOnly = state.parseError !== null;
  const checked = useChecked(state.doc, readOnly, forced);
  const stale = checked.doc !== state.doc;
  const errors = useMemo(() => new ErrorIndex(checked.errors), [checked.errors]);
  const names = useMemo(() => namesOf(state.doc), [state.doc]);
  const root = asObject(state.doc);
  const steps = asArray(root?.steps) ?? [];

  const at = () => Date.now();
  // The same words twice in a row would not be read again: alternate a trailing no-break space.
  const announce = (text: string) =>
    setAnnouncement((prev) => (prev === text ? `${text}\u00a0` : text));
  const set = useCallback<EditorContextValue['set']>(
    (path, value, discrete) => dispatch({ type: 'set', path, value, discrete, at: Date.now() }),
    [dispatch],
  );
  const ctx = useMemo<EditorContextValue>(
    () => ({ idPrefix, errors, readOnly, names, set }),
    [idPrefix, errors, readOnly, names, set],
  );

  useEffect(() => heading.current?.focus(), []);
  // After a command that moves or creates a step, focus goes where the user's attention is.
  // A render of the old list may come first (a pending check), so wait until the list changed.
  useEffect(() => {
    const next = focusNext.current;
    if (!next || next.from === state.ids) return;
    focusNext.current = null;
    if (next.id) document.getElementById(next.id)?.focus();
  });
  const focusAfter = (id: string | null) => {
    focusNext.current = { id, from: state.ids };
  };

  const undo = () => {
    if (state.past.length === 0) return;
    dispatch({ type: 'undo' });
    announce('Undone');
  };
  const redo = () => {
    if (state.future.length === 0) return;
    dispatch({ type: 'redo' });
    announce('Redone');
  };

  const addStep = (op: SupportedOp) => {
    dispatch({ type: 'add-step', step: defaultStep(op, state.doc), at: at() });
    focusAfter(stepControlId(idPrefix, steps.length, 'op'));
    announce(`Added step ${steps.length + 1}: ${op}`);
  };

  const onCommand = (index: number, command: StepCommand) => {
    const n = index + 1;
    if (command === 'remove') {
      dispatch({ type: 'remove-step', index, at: at() });
      const next = Math.min(index, steps.length - 2);
      focusAfter(next >= 0 ? stepControlId(idPrefix, next, 'op') : `${idPrefix}--steps`);
      announce(`Removed step ${n}`);
    } else if (command === 'duplicate') {
      dispatch({ type: 'duplicate-step', index, at: at() });
      focusAfter(stepControlId(idPrefix, index + 1, 'op'));
      announce(`Duplicated step ${n} as step ${n + 1}`);
    } else {
      const to = command === 'up' ? index - 1 : index + 1;
      if (to < 0 || to >= steps.length) return;
      dispatch({ type: 'move-step', index, delta: command === 'up' ? -1 : 1, at: at() });
      // Keep focus on the same button; at either end it is disabled, so take the other one.
      const edge = to === 0 ? 'down' : to === steps.length - 1 ? 'up' : command;
      focusAfter(stepControlId(idPrefix, to, edge));
      announce(`Moved step ${n} to position ${to + 1}`);
    }
  };

  const replace = (doc: Json, message: string) => {
    dispatch({ type: 'replace', doc, at: at() });
    setNotice(null);
    announce(message);
  };

  const onImport = async (file: File) => {
    const r = await readFileText(file);
    if ('error' in r) return setNotice(`Import failed: ${r.error}.`);
    const parsed = parseJson(r.text);
    if (!parsed.ok)
      return setNotice(`Import failed: ${file.name} is not valid JSON (${parsed.message}).`);
    if (!asObject(parsed.value))
      return setNotice(`Import failed: ${file.name} does not hold a scenario (not a JSON object).`);
    replace(parsed.value, `Imported ${file.name}`);
  };

  const onExport = () => {
    const failed = downloadJson(state.text, fileNameFor(root?.title));
    setNotice(failed ? `Export failed: ${failed}.` : null);
    if (!failed) announce(`Exported ${fileNameFor(root?.title)}`);
  };

  const playBlocked = readOnly
    ? 'Fix the JSON syntax to play.'
    : checked.errors.length > 0
      ? `Fix ${checked.errors.length === 1 ? 'the problem' : `the ${checked.errors.length} problems`} to play.`
      : null;
  const play = () => {
    // Checked again now: the shown result may be up to one debounce old.
    const v = validateScenario(state.doc);
    if (v.ok) onPlay(v.doc);
    else announce(`Cannot play: ${v.errors.length} problems in the document`);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    // The app's own shortcuts (Space, arrows) must not act on the stage behind the editor.
    e.stopPropagation();
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      onClose();
    } else if (mod && !e.altKey && key === 'z') {
      e.preventDefault();
      if (e.shiftKey) redo();
      else undo();
    } else if (mod && !e.altKey && !e.shiftKey && key === 'y') {
      e.preventDefault();
      redo();
    }
  };

  const docErrors = readOnly ? [] : checked.errors.filter((e) => !PLACED.test(e.path));
  const titleId = `${idPrefix}--heading`;

  return (
    <section
      className="ed"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      data-testid="scenario-editor"
    >
      <header className="ed-header">
        <h2 id={titleId} ref={heading} tabIndex={-1}>
          Scenario editor
        </h2>
        <EditorToolbar
          idPrefix={idPrefix}
          canUndo={state.past.length > 0}
          canRedo={state.future.length > 0}
          canExport={!readOnly}
          playBlocked={playBlocked}
          onUndo={undo}
          onRedo={redo}
          onNew={() => replace(NEW_DOC, 'Started a new scenario')}
          onReset={() => replace(initial as unknown as Json, 'Reset to the scenario on stage')}
          onImport={(f) => void onImport(f)}
          onExport={onExport}
          onPlay={play}
          onClose={onClose}
        />
      </header>
      {problem ? (
        <div className="ed-banner" role="status" data-testid="draft-corrupt">
          <p>
            The saved draft could not be read ({problem.reason}).{' '}
            {problem.movedTo ? (
              <>
                It was kept under <code>{problem.movedTo}</code> in this browser’s storage, and the
                editor started from the scenario on stage.
              </>
            ) : (
              <>It was left in place; changes here will not be saved until it is removed.</>
            )}
          </p>
          <button type="button" className="icon-button" onClick={dismissProblem}>
            Dismiss
          </button>
        </div>
      ) : null}
      {notice ? (
        <div className="ed-banner" role="status">
          <p>{notice}</p>
          <button type="button" className="icon-button" onClick={() => setNotice(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      {saveError ? <p className="ed-banner ed-banner--quiet">Not saved: {saveError}.</p> : null}
      <div role="status" className="ed-status-wrap">
        <RunStatus
          checked={checked}
          parseError={readOnly}
          stale={stale}
          onRunNow={() => setForced(state.doc)}
        />
      </div>
      <div className="ed-body">
        <EditorContext.Provider value={ctx}>
          <div className="ed-form" data-readonly={readOnly || undefined}>
            {readOnly ? (
              <p className="ed-banner ed-banner--quiet">
                The JSON view has a syntax error. The form shows the last valid version and is
                read-only until the JSON parses again (or undo).
              </p>
            ) : null}
            {docErrors.length > 0 ? (
              <ul className="ed-doc-errors" aria-label="Document problems">
                {docErrors.map((e, i) => (
                  <li key={i} className="ed-field__error">
                    <span aria-hidden="true">⚠ </span>
                    <code>{e.path || '(document)'}</code> {e.message}
                  </li>
                ))}
              </ul>
            ) : null}
            {root ? (
              <>
                <MachineForm doc={root} />
                <section className="ed-steps-section" aria-labelledby={`${idPrefix}--steps`}>
                  <h3 id={`${idPrefix}--steps`} className="ed-section__title" tabIndex={-1}>
                    Steps <span className="ed-count">({steps.length})</span>
                  </h3>
                  <StepList
                    doc={state.doc}
                    steps={steps}
                    ids={state.ids}
                    trace={readOnly ? null : checked.trace}
                    stale={stale}
                    onCommand={onCommand}
                  />
                  <OpPalette onAdd={addStep} disabled={readOnly} />
                </section>
              </>
            ) : (
              <p className="ed-field__error">
                The document is not a JSON object, so the form cannot show it. Edit it in the JSON
                view, or start a new one.
              </p>
            )}
          </div>
        </EditorContext.Provider>
        <JsonView
          idPrefix={idPrefix}
          text={state.text}
          parseError={state.parseError}
          errors={checked.errors}
          stale={stale}
          onText={(text) => dispatch({ type: 'text', text, at: at() })}
          onFormat={() => dispatch({ type: 'text', text: toJsonText(state.doc), at: at() })}
        />
      </div>
      <div className="visually-hidden" aria-live="polite" data-testid="editor-announcer">
        {announcement}
      </div>
    </section>
  );
}
