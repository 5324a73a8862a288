/**
 * The kernel a scenario runs, when it is not the fixed one: one line above the narration, and
 * on demand what the era's rules are and what each missing fix would have prevented. Loaded
 * lazily by the Player: a scenario on the fixed kernel never needs it.
 */
import { type EngineConfig, fixesOff } from '../../engine/config';
import { ERA_INFO, FIX_INFO } from '../../engine/history/catalog';
import { kernelLine } from './kernelSpec';
import './KernelNotes.css';

export function KernelChip({ config }: { config: EngineConfig }) {
  const era = ERA_INFO[config.era];
  const off = fixesOff(config);
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
