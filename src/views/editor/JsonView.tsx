/**
 * The document as JSON, editable. Text that does not parse is kept exactly as typed (the form
 * waits, read-only, until it parses again); every problem is listed with its JSON path, and a
 * click on one moves focus to the input it names.
 */
import type { ScenarioError } from '../../scenarios/load';
import { fieldId } from './errors';

export interface JsonViewProps {
  readonly idPrefix: string;
  readonly text: string;
  readonly parseError: string | null;
  readonly errors: readonly ScenarioError[];
  /** The errors are for an older version of the text (a check is pending). */
  readonly stale: boolean;
  readonly onText: (text: string) => void;
  readonly onFormat: () => void;
}

/** Focuses the input for `path`, or the nearest enclosing thing the form shows. */
function focusPath(prefix: string, path: string) {
  let p = path;
  for (;;) {
    const el = document.getElementById(fieldId(prefix, p));
    if (el) {
      el.focus();
      el.scrollIntoView?.({ block: 'center' });
      return;
    }
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    if (cut <= 0) return;
    p = p.slice(0, cut);
  }
}

export function JsonView(props: JsonViewProps) {
  const { idPrefix, parseError, errors } = props;
  const listId = `${idPrefix}--json-errors`;
  const count = parseError ? 1 : errors.length;
  return (
    <section className="ed-json" aria-labelledby={`${idPrefix}--json-title`}>
      <div className="ed-json__head">
        <h3 id={`${idPrefix}--json-title`} className="ed-section__title">
          <label htmlFor={`${idPrefix}--json`}>Scenario JSON</label>
        </h3>
        <button
          type="button"
          className="icon-button"
          onClick={props.onFormat}
          disabled={parseError !== null}
          title="Re-indent the JSON"
        >
          Format
        </button>
      </div>
      <textarea
        id={`${idPrefix}--json`}
        className="ed-json__text"
        value={props.text}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        wrap="off"
        aria-invalid={count > 0 || undefined}
        aria-describedby={count > 0 ? listId : undefined}
        onChange={(e) => props.onText(e.target.value)}
      />
      <div id={listId} className="ed-json__errors" data-stale={props.stale || undefined}>
        {parseError ? (
          <p className="ed-field__error" data-testid="json-parse-error">
            <span aria-hidden="true">⚠ </span>Not valid JSON: {parseError}. The form shows the last
            valid version and waits until the text parses.
          </p>
        ) : errors.length > 0 ? (
          <>
            <p className="ed-json__count">
              {errors.length === 1 ? '1 problem' : `${errors.length} problems`} in the document:
            </p>
            <ul aria-label="Problems in the document">
              {errors.slice(0, 100).map((e, i) => (
                <li key={i}>
                  <button
                    type="button"
                    className="ed-json__error"
                    onClick={() => focusPath(idPrefix, e.path)}
                  >
                    <code>{e.path || '(document)'}</code> {e.message}
                  </button>
                </li>
              ))}
            </ul>
            {errors.length > 100 ? <p>… and {errors.length - 100} more.</p> : null}
          </>
        ) : null}
      </div>
    </section>
  );
}
