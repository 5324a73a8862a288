/**
 * Which kernel runs the scenario: an era of domain.md §0.3, then one checkbox per fix of §4.
 * Picking an era resets the fixes to what that era shipped with (the usual question is "what
 * did kernel X do?"); a checkbox then switches one fix on its own.
 */
import { useId } from 'react';
import type { Era, HmmApi, PinPolicy } from '../../engine/config';
import { ERA_INFO, FIX_INFO, PIN_POLICY_INFO } from '../../engine/history/catalog';
import {
  API_LABEL,
  APIS,
  ERAS,
  apiHasEras,
  FIX_IDS,
  PIN_POLICIES,
  type KernelChoice,
  eraChoice,
  eraShort,
} from './kernelSpec';
import './Kernel.css';

export interface KernelPickerProps {
  value: KernelChoice;
  onChange: (next: KernelChoice) => void;
  /** Names the group: "Kernel", "Left kernel"… */
  legend: string;
  disabled?: boolean;
  /** Short fix labels with the commit subject in a tooltip (the compare panes), or the full form. */
  compact?: boolean;
}

export function KernelPicker({ value, onChange, legend, disabled, compact }: KernelPickerProps) {
  const id = useId();
  // The 2015 API has no eras, fixes or pinning policies: those controls rest, and say why.
  const eras = apiHasEras(value.api);
  const noEras = eras ? undefined : `${id}-noeras`;
  return (
    <fieldset className="kernel-picker" data-compact={compact || undefined} disabled={disabled}>
      <legend>{legend}</legend>
      <div className="kernel-picker__era">
        <label htmlFor={`${id}-era`}>Era</label>
        <select
          id={`${id}-era`}
          value={value.era}
          disabled={!eras}
          aria-describedby={noEras}
          onChange={(e) =>
            onChange({
              ...eraChoice(e.target.value as Era),
              ...(value.api ? { api: value.api } : {}),
              ...(value.pinPolicy ? { pinPolicy: value.pinPolicy } : {}),
            })
          }
        >
          {ERAS.map((era) => (
            <option key={era} value={era}>
              {eraShort(era)} — {ERA_INFO[era].label} ({ERA_INFO[era].period})
            </option>
          ))}
        </select>
      </div>
      <div className="kernel-picker__era">
        <label htmlFor={`${id}-api`}>HMM API</label>
        <select
          id={`${id}-api`}
          value={value.api ?? 'today'}
          onChange={(e) => onChange({ ...value, api: e.target.value as HmmApi })}
        >
          {APIS.map((api) => (
            <option key={api} value={api}>
              {API_LABEL[api]}
            </option>
          ))}
        </select>
      </div>
      {noEras ? (
        <p className="kernel-picker__hint" id={noEras} data-testid="kernel-no-eras">
          The 2015 API predates ZONE_DEVICE: eras, fixes and pinning policies belong to later
          kernels and do not apply.
        </p>
      ) : null}
      <div className="kernel-picker__era">
        <label htmlFor={`${id}-pin`}>Long-term pins of coherent memory</label>
        <select
          id={`${id}-pin`}
          value={value.pinPolicy ?? 'migrate_then_pin'}
          disabled={!eras}
          aria-describedby={noEras}
          onChange={(e) => onChange({ ...value, pinPolicy: e.target.value as PinPolicy })}
        >
          {PIN_POLICIES.map((p) => (
            <option key={p} value={p}>
              {PIN_POLICY_INFO[p].label}
            </option>
          ))}
        </select>
      </div>
      {/* Under the 2015 API the fixes do not apply (the hint above says why): not listed. */}
      {eras ? (
        <ul className="kernel-picker__fixes" aria-label="Fixes">
          {FIX_IDS.map((fix) => {
            const info = FIX_INFO[fix];
            const hintId = `${id}-${fix}-hint`;
            return (
              <li key={fix}>
                <input
                  type="checkbox"
                  id={`${id}-${fix}`}
                  checked={value.fixes[fix]}
                  // Eviction needs migrate_device_range (2022): the loader refuses it before ERA_C.
                  disabled={
                    !eras || (fix === 'FIX_EVICT_ON_RELEASE' && value.era !== 'ERA_C_FIXED')
                  }
                  aria-describedby={compact ? undefined : hintId}
                  onChange={(e) =>
                    onChange({ ...value, fixes: { ...value.fixes, [fix]: e.target.checked } })
                  }
                />
                <label
                  htmlFor={`${id}-${fix}`}
                  title={compact ? `${info.label}: ${info.commit}` : undefined}
                >
                  {compact ? fix.replace(/^FIX_/, '') : info.label}{' '}
                  <span className="kernel-picker__bug">({info.bugId})</span>
                </label>
                {compact ? null : (
                  <p className="kernel-picker__hint" id={hintId}>
                    <code>{fix}</code> · {info.commit}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      ) : null}
    </fieldset>
  );
}
