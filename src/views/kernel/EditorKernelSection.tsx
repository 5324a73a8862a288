/**
 * The editor's "Kernel" section: which kernel the machine runs (`machine.kernel`). The fixed
 * kernel is the default and is stored as no key at all, so picking it back removes the key.
 */
import type { Era, FixId, HmmApi, KernelSpec, PinPolicy } from '../../engine/config';
import { useEditor } from '../editor/EditorContext';
import type { Json } from '../editor/json';
import { KernelPicker } from './KernelPicker';
import { APIS, ERAS, FIX_IDS, PIN_POLICIES, choiceOfSpec, specOf } from './kernelSpec';

/**
 * The choice a document's `machine.kernel` makes, reading past what the schema would refuse (an
 * unknown era or a non-boolean fix shows as the default; the loader's error says why).
 */
export function readKernel(raw: unknown): KernelSpec | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const era = ERAS.includes(r.era as Era) ? (r.era as Era) : undefined;
  const fixes: Partial<Record<FixId, boolean>> = {};
  const given =
    typeof r.fixes === 'object' && r.fixes !== null ? (r.fixes as Record<string, unknown>) : {};
  for (const id of FIX_IDS) if (typeof given[id] === 'boolean') fixes[id] = given[id] as boolean;
  // The API and the pinning policy too: a change in the picker must not drop them.
  const api = APIS.includes(r.api as HmmApi) ? (r.api as HmmApi) : undefined;
  const pin = r.coherentLongtermPinPolicy as PinPolicy;
  return {
    ...(api ? { api } : {}),
    ...(era ? { era } : {}),
    fixes,
    ...(PIN_POLICIES.includes(pin) ? { coherentLongtermPinPolicy: pin } : {}),
  };
}

export function EditorKernelSection({ kernel }: { kernel: unknown }) {
  const { errors, readOnly, set } = useEditor();
  const problems = errors.at('machine.kernel');
  return (
    <div className="ed-kernel" data-testid="editor-kernel">
      <h4 className="ed-subtitle">Kernel</h4>
      <p className="ed-field__hint">
        The fixed kernel (ERA_C, every fix) unless you pick another: an older era, or a fix switched
        off, shows the bug it fixed.
      </p>
      <KernelPicker
        legend="Era and fixes"
        value={choiceOfSpec(readKernel(kernel))}
        disabled={readOnly}
        onChange={(c) => set(['machine', 'kernel'], specOf(c) as unknown as Json | undefined, true)}
      />
      {problems.map((e, i) => (
        <p key={i} className="ed-field__error">
          <span aria-hidden="true">⚠ </span>
          {e.path}: {e.message}
        </p>
      ))}
    </div>
  );
}
