/** "Add a step": every op, in the groups a reader thinks in (process, CPU, device, GUP). */
import type { SupportedOp } from '../../engine';
import { PlusIcon } from '../icons';
import { useEditor } from './EditorContext';
import { OP_GROUPS, OP_HINTS } from './ops';

export function OpPalette({
  onAdd,
  disabled,
}: {
  onAdd: (op: SupportedOp) => void;
  disabled: boolean;
}) {
  const titleId = `${useEditor().idPrefix}--palette`;
  return (
    <section className="ed-palette" aria-labelledby={titleId}>
      <h3 id={titleId} className="ed-section__title">
        Add a step
      </h3>
      {OP_GROUPS.map((g) => (
        <div key={g.label} className="ed-palette__group" role="group" aria-label={g.label}>
          <span className="ed-palette__label" aria-hidden="true">
            {g.label}
          </span>
          <div className="ed-palette__ops">
            {g.ops.map((op) => (
              <button
                key={op}
                type="button"
                className="ed-palette__op"
                aria-label={`Add ${op}`}
                title={OP_HINTS[op]}
                disabled={disabled}
                onClick={() => onAdd(op)}
              >
                <PlusIcon />
                <code>{op}</code>
              </button>
            ))}
          </div>
        </div>
      ))}
    </section>
  );
}
