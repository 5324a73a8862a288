/**
 * One step of the list: its number and op (an op picker that converts the step), its inputs,
 * the errors that belong to it, the kernel's result, and buttons to move, duplicate or remove
 * it. Alt+↑ / Alt+↓ move the step from anywhere inside it.
 */
import type { StepResult as Result } from '../../engine';
import { CloseIcon, DuplicateIcon } from '../icons';
import { useEditor } from './EditorContext';
import { errorId, fieldId } from './errors';
import type { JsonObject } from './json';
import { OP_FIELDS, OP_GROUPS, OP_HINTS, convertStep, isKnownOp } from './ops';
import { StepFields } from './StepFields';
import { StepResult } from './StepResult';

export type StepCommand = 'up' | 'down' | 'duplicate' | 'remove';

export interface StepCardProps {
  readonly index: number;
  readonly total: number;
  readonly step: JsonObject;
  readonly doc: unknown;
  readonly result: Result | undefined;
  readonly stale: boolean;
  readonly violated: boolean;
  readonly onCommand: (index: number, command: StepCommand) => void;
}

/** The id of a step's control, for focus after a command (`up`, `down`, `op`, …). */
export const stepControlId = (prefix: string, index: number, control: string) =>
  `${fieldId(prefix, `steps[${index}]`)}-${control}`;

export function StepCard(props: StepCardProps) {
  const { index, total, step, result } = props;
  const { idPrefix, errors, readOnly, set } = useEditor();
  const op = step.op;
  const known = isKnownOp(op);
  const fields = known ? OP_FIELDS[op] : [];
  const base = `steps[${index}]`;
  const placed = fields.flatMap((f) =>
    f.kind === 'values' ? [`${base}.value`, `${base}.values`] : [`${base}.${f.key}`],
  );
  const opErrors = errors.at(`${base}.op`);
  const other = errors.unplaced(base, [...placed, `${base}.op`]);
  const n = index + 1;
  const opId = stepControlId(idPrefix, index, 'op');
  const button = (command: StepCommand, label: string, text: React.ReactNode, disabled = false) => (
    <button
      type="button"
      className="icon-button ed-step__action"
      id={stepControlId(idPrefix, index, command)}
      aria-label={`${label} step ${n}`}
      title={`${label} step ${n}`}
      disabled={readOnly || disabled}
      onClick={() => props.onCommand(index, command)}
    >
      {text}
    </button>
  );
  return (
    <fieldset
      className="ed-step"
      id={fieldId(idPrefix, base)}
      tabIndex={-1}
      data-invalid={opErrors.length + other.length > 0 || undefined}
      onKeyDown={(e) => {
        if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
        e.preventDefault();
        props.onCommand(index, e.key === 'ArrowUp' ? 'up' : 'down');
      }}
    >
      <legend>
        <span className="ed-step__num">Step {n}</span>: {typeof op === 'string' ? op : '(no op)'}
      </legend>
      <div className="ed-step__head">
        <div className="ed-field">
          <label htmlFor={opId}>Operation</label>
          <select
            id={opId}
            value={known ? op : ''}
            disabled={readOnly}
            aria-invalid={opErrors.length > 0 || undefined}
            aria-describedby={opErrors.length > 0 ? errorId(idPrefix, `${base}.op`) : undefined}
            title={known ? OP_HINTS[op] : undefined}
            onChange={(e) => {
              const next = e.target.value;
              if (isKnownOp(next)) set(['steps', index], convertStep(step, next, props.doc), true);
            }}
          >
            {known ? null : <option value="">{typeof op === 'string' ? op : '(none)'}</option>}
            {OP_GROUPS.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.ops.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {opErrors.length > 0 ? (
            <p className="ed-field__error" id={errorId(idPrefix, `${base}.op`)}>
              <span aria-hidden="true">⚠ </span>
              {opErrors.map((e) => e.message).join('; ')}
            </p>
          ) : null}
        </div>
        <div className="ed-step__actions" role="group" aria-label={`Step ${n} actions`}>
          {button('up', 'Move up', '↑', index === 0)}
          {button('down', 'Move down', '↓', index === total - 1)}
          {button('duplicate', 'Duplicate', <DuplicateIcon />)}
          <button
            type="button"
            className="icon-button ed-step__action"
            id={stepControlId(idPrefix, index, 'remove')}
            aria-label={`Remove step ${n}`}
            title={`Remove step ${n}`}
            disabled={readOnly}
            onClick={() => props.onCommand(index, 'remove')}
          >
            <CloseIcon />
          </button>
        </div>
      </div>
      {known ? <StepFields index={index} step={step} fields={fields} /> : null}
      {other.length > 0 ? (
        <ul className="ed-step__errors">
          {other.map((e, i) => (
            <li key={i} className="ed-field__error">
              <span aria-hidden="true">⚠ </span>
              {e.path === base ? '' : `${e.path.slice(base.length + 1)}: `}
              {e.message}
            </li>
          ))}
        </ul>
      ) : null}
      <StepResult result={result} stale={props.stale} />
      {props.violated ? (
        <p className="ed-step__violation">An invariant failed at this step (see the run status).</p>
      ) : null}
    </fieldset>
  );
}
