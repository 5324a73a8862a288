/**
 * The kernel a scenario runs, when it is not the fixed one: one line above the narration, and
 * on demand what the era's rules are and what each missing fix would have prevented. Loaded
 * lazily by the Player: a scenario on the fixed kernel never needs it.
 */
import { type EngineConfig, fixesOff } from '../../engine/config';
import { ERA_INFO, FIX_INFO } from '../../engine/history/catalog';
import { API_LABEL, apiHasEras, kernelLine } from './kernelSpec';

/** What the 2015 API is, in place of an era's rules (it has none: it predates ZONE_DEVICE). */
const API_2015 =
  "The first HMM design (Jérôme Glisse, August 2015), before ZONE_DEVICE: HMM keeps its own page table per mirror beside the driver's, a page migrated to the device is replaced in the CPU page table by HMM's special swap entry, and the dummy driver fakes device memory with ordinary pages it hands out with a bitmap. Eras, fixes and pinning policies belong to later kernels.";
import './KernelNotes.css';

export function KernelChip({ config }: { config: EngineConfig }) {
  const era = ERA_INFO[config.era];
  const off = fixesOff(config);
  if (!apiHasEras(config.api))
    return (
      <details className="kernel-chip" data-testid="kernel-chip">
        <summary title={API_LABEL[config.api]}>
          <span className="kernel-chip__tag">Kernel</span> {kernelLine(config)}
        </summary>
        <div className="kernel-chip__body">
          <p>
            <strong>{API_LABEL[config.api]}</strong>. {API_2015}
          </p>
        </div>
      </details>
    );
  return (
    <details className="kernel-chip" data-testid="kernel-chip">
      <summary title={`${era.label} (${era.period})`}>
        <span className="kernel-chip__tag">Kernel</span> {kernelLine(config)}
      </summary>
      <div className="kernel-chip__body">
        <p>
          <strong>{era.label}</strong> ({era.period}). {era.rules}
        </p>
        {off.length > 0 ? (
          <ul>
            {off.map((id) => {
              const fix = FIX_INFO[id];
              return (
                <li key={id}>
                  <strong>Off: {fix.label}</strong> (<code>{id}</code>, {fix.bugId}). {fix.bug}{' '}
                  <span className="kernel-chip__commit">Fixed by “{fix.commit}”.</span>{' '}
                  <a href={`#inv=${encodeURIComponent(fix.invariant)}`}>{fix.invariant}</a>
                </li>
              );
            })}
          </ul>
        ) : null}
      </div>
    </details>
  );
}
