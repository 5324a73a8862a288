/**
 * What a write stores: one value for every page (`value`) or one per page (`values`). A radio
 * pair switches between them, carrying the numbers over; the list is typed as text and kept as
 * typed while it is half-written ("1, 2,").
 */
import { useState } from 'react';
import { useEditor } from './EditorContext';
import { errorId, fieldId } from './errors';
import type { Json, JsonObject } from './json';

/** "1, 2 3" → [1, 2, 3]; a token that is not a number stays a string, for the loader to name. */
function parseList(text: string): Json[] {
  return text
    .split(/[\s,;]+/)
    .filter((t) => t !== '')
    .map((t) => (/^-?\d+$/.test(t) ? Number(t) : t));
}

const listText = (v: unknown) =>
  Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ') : '';

export function ValuesField({ index, step }: { index: number; step: JsonObject }) {
  const { set, idPrefix, errors, readOnly } = useEditor();
  const perPage = step.values !== undefined;
  const base = `steps[${index}]`;
  const [draft, setDraft] = useState(() => listText(step.values));
  // Adopt the document's list when it changed elsewhere (undo, the JSON view), not while typing.
  const [seen, setSeen] = useState(step.values);
  if (seen !== step.values) {
    setSeen(step.values);
    if (JSON.stringify(parseList(draft)) !== JSON.stringify(step.values ?? []))
      setDraft(listText(step.values));
  }
  const count = typeof step.count === 'number' && step.count > 0 ? step.count : 1;
  const mode = (perPage: boolean) => {
    const v = typeof step.value === 'number' ? step.value : 0;
    const first =
      Array.isArray(step.values) && typeof step.values[0] === 'number' ? step.values[0] : 0;
    set(
      ['steps', index],
      {
        ...Object.fromEntries(
          Object.entries(step).filter(([k]) => k !== 'value' && k !== 'values'),
        ),
        ...(perPage
          ? { values: Array.from({ length: Math.min(count, 4096) }, () => v) }
          : { value: first }),
      },
      true,
    );
  };
  const p = `${base}.${perPage ? 'values' : 'value'}`;
  // Errors on either key belong to this field ("expected value or values" names `value`).
  const messages = [...errors.at(`${base}.value`), ...errors.at(`${base}.values`)];
  const id = fieldId(idPrefix, p);
  const errId = errorId(idPrefix, p);
  const a11y = {
    id,
    disabled: readOnly,
    'aria-invalid': messages.length > 0 ? true : undefined,
    'aria-describedby': messages.length > 0 ? errId : undefined,
  };
  return (
    <div className="ed-field ed-values">
      <fieldset className="ed-values__mode" disabled={readOnly}>
        <legend>What to write</legend>
        <label>
          <input type="radio" name={`${id}-mode`} checked={!perPage} onChange={() => mode(false)} />{' '}
          The same value on every page
        </label>
        <label>
          <input type="radio" name={`${id}-mode`} checked={perPage} onChange={() => mode(true)} /> A
          value per page
        </label>
      </fieldset>
      {perPage ? (
        <>
          <label htmlFor={id}>Values (one per page, comma-separated)</label>
          <input
            {...a11y}
            type="text"
            inputMode="numeric"
            spellCheck={false}
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              set(['steps', index, 'values'], parseList(e.target.value));
            }}
          />
        </>
      ) : (
        <>
          <label htmlFor={id}>Value</label>
          <input
            {...a11y}
            type="number"
            inputMode="numeric"
            step={1}
            value={typeof step.value === 'number' ? String(step.value) : ''}
            onChange={(e) => {
              const n = e.target.value === '' ? NaN : Number(e.target.value);
              set(['steps', index, 'value'], Number.isFinite(n) ? n : null);
            }}
          />
        </>
      )}
      {messages.length > 0 ? (
        <p className="ed-field__error" id={errId}>
          <span aria-hidden="true">⚠ </span>
          {messages
            .map((m) => `${m.path === p ? '' : `${m.path.slice(base.length + 1)}: `}${m.message}`)
            .join('; ')}
        </p>
      ) : null}
    </div>
  );
}
