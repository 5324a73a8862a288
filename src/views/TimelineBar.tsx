import { PLAYER_SPEEDS } from '../machines/playerMachine';
import { PlayerContext } from './PlayerContext';
import {
  FirstIcon,
  LastIcon,
  MinusIcon,
  PauseIcon,
  PlayIcon,
  PlusIcon,
  ReplayIcon,
  StepBackIcon,
  StepForwardIcon,
} from './icons';
import './TimelineBar.css';

/** Formats a speed multiple the way a media player does: 0.25×, 1×, 1.5×. */
export const formatSpeed = (speed: number) => `${speed}×`;

/** A place on the scrubber worth seeing: where a kernel broke, or where two runs part. */
export interface TimelineMark {
  position: number;
  kind: 'outcome' | 'diverge';
  /** What it is, as a tooltip ("HANG at micro-step 14"). */
  label: string;
}

/**
 * The timeline: play/pause, step back and forward, first/last, a scrubber over every frame and
 * the speed. Every control sends an event to the player machine; none keeps state of its own.
 */
export function TimelineBar({ marks }: { marks?: readonly TimelineMark[] }) {
  const actor = PlayerContext.useActorRef();
  const playing = PlayerContext.useSelector((s) => s.matches('playing'));
  const position = PlayerContext.useSelector((s) => s.context.position);
  const total = PlayerContext.useSelector((s) => s.context.total);
  const speedIndex = PlayerContext.useSelector((s) => s.context.speedIndex);
  const speed = PLAYER_SPEEDS[speedIndex] ?? 1;
  const empty = total === 0;
  const atEnd = position >= total;

  const playLabel = playing ? 'Pause' : atEnd && !empty ? 'Replay from the start' : 'Play';

  return (
    <div
      className="timeline"
      role="toolbar"
      aria-label="Timeline"
      data-testid="timeline"
      data-state={playing ? 'playing' : 'paused'}
    >
      <div className="timeline__buttons">
        <button
          type="button"
          className="icon-button"
          aria-label="First step"
          title="First step (Home)"
          disabled={empty || position === 0}
          onClick={() => actor.send({ type: 'player.first' })}
        >
          <FirstIcon />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Step back"
          title="Step back (←)"
          disabled={empty || position === 0}
          onClick={() => actor.send({ type: 'player.prev' })}
        >
          <StepBackIcon />
        </button>
        <button
          type="button"
          className="icon-button timeline__play"
          data-variant="primary"
          aria-label={playLabel}
          title={`${playLabel} (Space)`}
          disabled={empty}
          onClick={() => actor.send({ type: 'player.toggle' })}
        >
          {playing ? <PauseIcon /> : atEnd && !empty ? <ReplayIcon /> : <PlayIcon />}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Step forward"
          title="Step forward (→)"
          disabled={empty || atEnd}
          onClick={() => actor.send({ type: 'player.next' })}
        >
          <StepForwardIcon />
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Last step"
          title="Last step (End)"
          disabled={empty || atEnd}
          onClick={() => actor.send({ type: 'player.last' })}
        >
          <LastIcon />
        </button>
      </div>

      <div className="timeline__scrub">
        <label className="visually-hidden" htmlFor="timeline-scrubber">
          Micro-step of the scenario
        </label>
        {/* Marks sit over the track, out of the pointer's way; the narration says the same. */}
        <div className="timeline__track">
          <input
            id="timeline-scrubber"
            type="range"
            min={0}
            max={Math.max(total, 0)}
            step={1}
            value={position}
            disabled={empty}
            aria-valuetext={
              empty
                ? 'No steps'
                : [`Micro-step ${position} of ${total}`]
                    .concat(marks?.filter((m) => m.position === position).map((m) => m.label) ?? [])
                    .join(', ')
            }
            onChange={(e) => actor.send({ type: 'player.seek', position: Number(e.target.value) })}
          />
          {marks?.map((m) => (
            <span
              key={`${m.kind}${m.position}`}
              className="timeline__mark"
              data-kind={m.kind}
              data-testid="timeline-mark"
              title={m.label}
              aria-hidden="true"
              style={{ '--at': total > 0 ? m.position / total : 0 } as React.CSSProperties}
            />
          ))}
        </div>
        <output
          className="timeline__counter"
          htmlFor="timeline-scrubber"
          data-testid="step-counter"
        >
          {empty ? 'No steps' : `${position} / ${total}`}
        </output>
      </div>

      <div className="timeline__speed" role="group" aria-label="Playback speed">
        <button
          type="button"
          className="icon-button"
          aria-label="Slower"
          title="Slower (−)"
          disabled={speedIndex === 0}
          onClick={() => actor.send({ type: 'player.slower' })}
        >
          <MinusIcon />
        </button>
        <output className="timeline__speed-value" aria-live="polite" data-testid="speed">
          <span className="visually-hidden">Speed </span>
          {formatSpeed(speed)}
        </output>
        <button
          type="button"
          className="icon-button"
          aria-label="Faster"
          title="Faster (+)"
          disabled={speedIndex === PLAYER_SPEEDS.length - 1}
          onClick={() => actor.send({ type: 'player.faster' })}
        >
          <PlusIcon />
        </button>
      </div>
    </div>
  );
}
