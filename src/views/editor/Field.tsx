/**
 * One labelled input of the form, tied to its JSON path: the label, the control, and the
 * loader's message for that path right under it (aria-invalid + aria-describedby, so a screen
 * reader reads the error with the field). The controls are small wrappers around native inputs.
 */
import type { ReactNode } from 'react';
import { useEditor } from './EditorContext';
import { errorId, fieldId } from './errors';
import { type PathKey, pathString } from './json';

export interface FieldProps {
  readonly path: readonly PathKey[];
  readonly label: string;
  readonly value: unknown;
  readonly hint?: string;
}

/** The props a native control needs to be labelled and described. */
function useFieldA11y(path: readonly PathKey[], hint?: string) {
  const { idPrefix, errors, readOnly } = useEditor();
  const p = pathString(path);
  const id = fieldId(idPrefix, p);
  const messages = errors.at(p);
  const hintId = hint ? `${id}-hint` : undefined;
  const describedBy =
    [messages.length > 0 ? errorId(idPrefix, p) : undefined, hintId].filter(Boolean).join(' ') ||
    undefined;
  return {
    id,
    messages,
    hintId,
    errId: errorId(idPrefix, p),
    control: {
      id,
      disabled: readOnly,
      'aria-invalid': messages.length > 0 ? true : undefined,
      'aria-describedby': describedBy,
    },
  };
}

function Shell(props: {
  a11y: ReturnType<typeof useFieldA11y>;
  label: string;
  hint?: string;
  inline?: boolean;
  children: ReactNode;
}) {
  const { a11y } = props;
  return (
    <div className="ed-field" data-inline={props.inline || undefined}>
      <label htmlFor={a11y.id}>{props.label}</label>
      {props.children}
      {props.hint ? (
        <p className="ed-field__hint" id={a11y.hintId}>
          {props.hint}
        </p>
      ) : null}
      {a11y.messages.length > 0 ? (
        <p className="ed-field__error" id={a11y.errId}>
          <span aria-hidden="true">⚠ </span>
          {a11y.messages.map((m) => m.message).join('; ')}
        </p>
      ) : null}
    </div>
  );
}

/** An integer input. Clearing it stores `null`, which the loader then names as missing. */
export function NumberField({ path, label, value, hint, min }: FieldProps & { min?: number }) {
  const { set } = useEditor();
  const a11y = useFieldA11y(path, hint);
  return (
    <Shell a11y={a11y} label={label} hint={hint}>
      <input
        {...a11y.control}
        type="number"
        inputMode="numeric"
        min={min}
        step={1}
        value={typeof value === 'number' ? String(value) : ''}
        onChange={(e) => {
          const n = e.target.value === '' ? NaN : Number(e.target.value);
          set(path, Number.isFinite(n) ? n : null);
        }}
      />
    </Shell>
  );
}

/** A text input, with suggestions from a datalist (names defined elsewhere in the document). */
export function TextField({
  path,
  label,
  value,
  hint,
  list,
  multiline,
}: FieldProps & { list?: string; multiline?: boolean }) {
  const { set } = useEditor();
  const a11y = useFieldA11y(path, hint);
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return (
    <Shell a11y={a11y} label={label} hint={hint}>
      {multiline ? (
        <textarea
          {...a11y.control}
          rows={2}
          value={text}
          onChange={(e) => set(path, e.target.value === '' ? undefined : e.target.value)}
        />
      ) : (
        <input
          {...a11y.control}
          type="text"
          list={list}
          autoComplete="off"
          spellCheck={false}
          value={text}
          onChange={(e) => set(path, e.target.value)}
        />
      )}
    </Shell>
  );
}

/**
 * A choice among `options`. `optional`: the field has a default, so the first option (value
 * '') stands for it and choosing it removes the key; otherwise an unknown value shows "(choose)".
 */
export function SelectField({
  path,
  label,
  value,
  hint,
  options,
  optional = false,
}: FieldProps & { options: readonly (readonly [string, string])[]; optional?: boolean }) {
  const { set } = useEditor();
  const a11y = useFieldA11y(path, hint);
  const known = options.some(([v]) => v === value);
  return (
    <Shell a11y={a11y} label={label} hint={hint}>
      <select
        {...a11y.control}
        value={known ? String(value) : ''}
        onChange={(e) => set(path, optional && e.target.value === '' ? undefined : e.target.value)}
      >
        {known || optional ? null : <option value="">(choose)</option>}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </Shell>
  );
}

/** An optional flag: checked stores `true`, unchecked removes the key (the default is false). */
export function CheckField({ path, label, value, hint }: FieldProps) {
  const { set } = useEditor();
  const a11y = useFieldA11y(path, hint);
  return (
    <Shell a11y={a11y} label={label} hint={hint} inline>
      <input
        {...a11y.control}
        type="checkbox"
        checked={value === true}
        onChange={(e) => set(path, e.target.checked ? true : undefined)}
      />
    </Shell>
  );
}
