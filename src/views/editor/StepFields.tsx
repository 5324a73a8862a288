/** The inputs of one step, chosen by its op's field list (ops.ts). */
import { useEditor } from './EditorContext';
import { CheckField, NumberField, SelectField, TextField } from './Field';
import type { JsonObject } from './json';
import type { FieldSpec } from './ops';
import { ValuesField } from './ValuesField';

const PROT_OPTIONS = [
  ['rw', 'rw (read and write)'],
  ['r', 'r (read only)'],
  ['none', 'none (no access)'],
] as const;

const ADVICE_OPTIONS = [
  ['PAGEOUT', 'PAGEOUT (reclaim now)'],
  ['COLD', 'COLD (deactivate)'],
] as const;

const MODE_OPTIONS = [
  ['SHARE', 'SHARE (share a page table)'],
  ['COHERENT_EXCLUSIVE', 'COHERENT_EXCLUSIVE (fault-driven)'],
  ['REPLICATE', 'REPLICATE (replicate mappings)'],
] as const;

const HINT_OPTIONS = [
  ['', 'none'],
  ['MARK_HOT', 'GM_FAULT_HINT_MARK_HOT'],
] as const;

const GM_RET_OPTIONS = [
  ['', '(unchanged)'],
  ['GM_RET_SUCCESS', 'GM_RET_SUCCESS (do the work)'],
  ['GM_RET_NOMEM', 'GM_RET_NOMEM'],
  ['GM_RET_PAGE_EXIST', 'GM_RET_PAGE_EXIST'],
  ['GM_RET_MIGRATING', 'GM_RET_MIGRATING'],
  ['GM_RET_FAILURE_UNKNOWN', 'GM_RET_FAILURE_UNKNOWN'],
] as const;

/** The datalist a name field suggests from (see StepList). */
export const listId = (prefix: string, kind: string) => `${prefix}--names-${kind}`;

function StepField({ index, step, spec }: { index: number; step: JsonObject; spec: FieldSpec }) {
  const { idPrefix } = useEditor();
  const path = ['steps', index, spec.key] as const;
  const value = step[spec.key];
  switch (spec.kind) {
    case 'page':
      return <NumberField path={path} label={spec.label} value={value} min={0} />;
    case 'count':
      return <NumberField path={path} label={spec.label} value={value} min={1} />;
    case 'prot':
      return <SelectField path={path} label={spec.label} value={value} options={PROT_OPTIONS} />;
    case 'advice':
      return <SelectField path={path} label={spec.label} value={value} options={ADVICE_OPTIONS} />;
    case 'flag':
      return <CheckField path={path} label={spec.label} value={value} />;
    case 'gm-mode':
      return <SelectField path={path} label={spec.label} value={value} options={MODE_OPTIONS} />;
    case 'gm-hint':
      return (
        <SelectField optional path={path} label={spec.label} value={value} options={HINT_OPTIONS} />
      );
    case 'gm-ret':
      return (
        <SelectField
          optional
          path={path}
          label={spec.label}
          value={value}
          options={GM_RET_OPTIONS}
        />
      );
    case 'values':
      return <ValuesField index={index} step={step} />;
    default: {
      const list = spec.kind.startsWith('ref:') ? listId(idPrefix, spec.kind.slice(4)) : undefined;
      return <TextField path={path} label={spec.label} value={value} list={list} />;
    }
  }
}

export function StepFields({
  index,
  step,
  fields,
}: {
  index: number;
  step: JsonObject;
  fields: readonly FieldSpec[];
}) {
  return (
    <div className="ed-step__fields">
      {fields.map((f) => (
        <StepField key={f.key} index={index} step={step} spec={f} />
      ))}
    </div>
  );
}
