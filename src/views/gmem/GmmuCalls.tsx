/**
 * A gm_mmu callback as a call into the device (seed 003: struct gm_mmu — "the hardware functions
 * GMEM will call"): GMEM on the left, the device on the right, the call on the arrow between
 * them and the GM_RET_* it returned under it. Drawn only while a micro-step makes such a call.
 */
import { memo } from 'react';
import type { GmmuCall } from './gmCall';

export interface GmmuCallsProps {
  call: GmmuCall | null;
}

export const GmmuCalls = memo(function GmmuCalls({ call }: GmmuCallsProps) {
  if (call === null)
    return (
      <p className="gmem-call gmem-call--idle" data-testid="gmem-call">
        No gm_mmu callback in this micro-step.
      </p>
    );
  const setting = call.fn === 'gm_mmu';
  const text = setting
    ? `${call.dev}'s gm_mmu now: ${call.args}`
    : `${call.caller} → ${call.dev}.${call.fn}(${call.args})`;
  const ok = call.ret === 'GM_RET_SUCCESS';
  const label = setting
    ? `The scenario sets ${call.dev}'s driver callbacks: ${call.args}.`
    : `GMEM (${call.caller}) calls ${call.dev}'s ${call.fn}(${call.args})${call.note ? ` for ${call.note}` : ''}; it returns ${call.ret ?? '?'}.`;
  return (
    <figure
      className="gmem-call"
      data-testid="gmem-call"
      data-fn={call.fn}
      data-ret={call.ret ?? undefined}
      aria-label={label}
      tabIndex={0}
    >
      <span className="gmem-call__box">GMEM</span>
      <span className="gmem-call__arrow">
        <span className="gmem-call__text">
          {setting ? 'scenario sets' : `${call.caller} →`}{' '}
          <code>
            {call.dev}.{call.fn}
            {setting ? '' : `(${call.args})`}
          </code>
        </span>
        <svg
          className="gmem-call__line"
          viewBox="0 0 100 10"
          preserveAspectRatio="none"
          aria-hidden="true"
        >
          <path d="M0 5H94" />
          <path d="M92 1 100 5 92 9z" className="gmem-call__head" />
        </svg>
        <span className="gmem-call__ret" data-ok={ok || undefined}>
          {setting ? call.args : `← ${call.ret ?? '?'}`}
          {call.note ? ` · ${call.note}` : ''}
        </span>
      </span>
      <span className="gmem-call__box gmem-call__box--device">{call.dev}</span>
      <span className="visually-hidden">{text}</span>
    </figure>
  );
});
