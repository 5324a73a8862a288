/**
 * Words that go with an exported frame: the picture's `<title>`, the caption under each frame
 * of an animation, and which frames an export covers. Pure: unit-tested without a DOM.
 */
import type { TimelineFrame } from '../timeline';

/** More frames than this make a file too big for a slide deck (and take long to draw). */
export const MAX_FRAMES = 200;

/** "step 3, micro-step 2: migrate_vma_collect" (1-based, as the narration panel counts). */
export function positionText(frame: Pick<TimelineFrame, 'step' | 'micro' | 'microstep'>): string {
  if (frame.step < 0 || !frame.microstep) return 'initial state';
  return `step ${frame.step + 1}, micro-step ${frame.micro + 1}: ${frame.microstep.fn}`;
}

export const frameTitle = (scenario: string, frame: Parameters<typeof positionText>[0]) =>
  `${scenario} — ${positionText(frame)}`;

/** Splits `text` into lines of at most `width` characters, at spaces; at most `max` lines. */
export function wrapText(text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  kept[max - 1] = `${kept[max - 1]!.slice(0, Math.max(0, width - 1))}…`;
  return kept;
}

/** The caption lines of one animation frame: where it is, then its narration. */
export function frameCaption(
  frame: Pick<TimelineFrame, 'step' | 'micro' | 'microstep'>,
  width: number,
): string[] {
  const head = positionText(frame);
  const head1 = head.charAt(0).toUpperCase() + head.slice(1);
  const narration = frame.microstep?.narration ?? 'Before the first step.';
  return [head1, ...wrapText(narration, width, 2)];
}

export interface FrameRange {
  from: number;
  /** Exclusive. */
  to: number;
  /** Frames left out by MAX_FRAMES. */
  dropped: number;
}

/** The frames of the step at `position` (its micro-steps), or of the whole scenario. */
export function frameRange(
  frames: readonly Pick<TimelineFrame, 'step'>[],
  position: number,
  what: 'step' | 'all',
): FrameRange {
  let from = 0;
  let to = frames.length;
  if (what === 'step') {
    const step = frames[position]?.step;
    from = frames.findIndex((f) => f.step === step);
    to = from < 0 ? 0 : frames.findLastIndex((f) => f.step === step) + 1;
    from = Math.max(0, from);
  }
  const capped = Math.min(to, from + MAX_FRAMES);
  return { from, to: capped, dropped: to - capped };
}

/** Canvas size for a PNG at `scale`, shrunk so the canvas stays under browser limits. */
export function pngSize(width: number, height: number, scale: number, maxSide = 16384) {
  const maxArea = 64e6;
  let s = scale;
  s = Math.min(s, maxSide / Math.max(width, height, 1));
  s = Math.min(s, Math.sqrt(maxArea / Math.max(width * height, 1)));
  return {
    width: Math.max(1, Math.round(width * s)),
    height: Math.max(1, Math.round(height * s)),
    scale: s,
  };
}
