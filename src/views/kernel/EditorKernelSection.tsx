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

/** `machine.kernel.gmem` as the document has it (true, false, or absent). */
function readGmem(raw: unknown): boolean | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const g = (raw as Record<string, unknown>).gmem;
  return typeof g === 'boolean' ? g : undefined;
}

const GMEM_CHOICES = [
  ['', 'no CONFIG_GMEM'],
  ['on', 'CONFIG_GMEM, booted with gmem=on'],
  ['off', 'CONFIG_GMEM, booted without gmem=on'],
] as const;

export function EditorKernelSection({ kernel }: { kernel: unknown }) {
  const { errors, readOnly, set } = useEditor();
  const problems = errors.at('machine.kernel');
  const gmem = readGmem(kernel);
  // The era/fix picker and the GMEM choice each keep what the other one set.
  const write = (spec: KernelSpec | undefined, gm: boolean | undefined) => {
    const next = gm === undefined ? spec : { ...spec, gmem: gm };
    set(['machine', 'kernel'], next as unknown as Json | undefined, true);
  };
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
        onChange={(c) => write(specOf(c), gmem)}
      />
      <label className="ed-field ed-kernel__gmem">
        <span className="ed-field__label">GMEM (the 2023 RFC)</span>
        <select
          value={gmem === undefined ? '' : gmem ? 'on' : 'off'}
          disabled={readOnly}
          onChange={(e) => {
            const v = e.target.value;
            const spec = readKernel(kernel);
            write(
              spec === undefined ? undefined : specOf(choiceOfSpec(spec)),
              v === '' ? undefined : v === 'on',
            );
          }}
        >
          {GMEM_CHOICES.map(([v, text]) => (
            <option key={v} value={v}>
              {text}
            </option>
          ))}
        </select>
      </label>
      {problems.map((e, i) => (
        <p key={i} className="ed-field__error">
          <span aria-hidden="true">⚠ </span>
          {e.path}: {e.message}
        </p>
      ))}
    </div>
  );
}
