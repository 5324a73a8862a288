/**
 * An animated SVG: every frame a `<g>` of the same picture, shown in turn by SMIL (discrete
 * `visibility` animations on one shared clock, looping), each with a caption underneath. The
 * first frame is visible without SMIL, so a viewer that does not animate still shows a picture.
 */
import { SVG_NS, svgRoot, toXml, type StageContent } from './serializeSvg';

export const SECONDS_PER_FRAME = 1.2;
const LINE = 18;
const PAD = 12;

export interface AnimationFrame {
  content: StageContent;
  caption: readonly string[];
}

const fmt = (x: number) => String(Math.round(x * 1e6) / 1e6);

/** `values` and `keyTimes` that show frame `i` of `n` during its share of the loop. */
export function visibilityKeys(i: number, n: number): { values: string; keyTimes: string } {
  if (n <= 1) return { values: 'visible', keyTimes: '0' };
  if (i === 0) return { values: 'visible;hidden', keyTimes: `0;${fmt(1 / n)}` };
  return { values: 'hidden;visible;hidden', keyTimes: `0;${fmt(i / n)};${fmt((i + 1) / n)}` };
}

/** Characters of caption per line for a picture `width` units wide (13 px type). */
export const captionChars = (width: number) => Math.max(30, Math.floor((width - 2 * PAD) / 7));

export function animatedSvg(
  doc: Document,
  frames: readonly AnimationFrame[],
  opts: { title: string; background: string; text: string; seconds?: number },
): string {
  const width = Math.max(1, ...frames.map((f) => f.content.width));
  const stageHeight = Math.max(1, ...frames.map((f) => f.content.height));
  const lines = Math.max(1, ...frames.map((f) => f.caption.length));
  const height = stageHeight + PAD + lines * LINE + PAD;
  const root = svgRoot(doc, width, height, opts.title, opts.background);
  const dur = `${fmt(frames.length * (opts.seconds ?? SECONDS_PER_FRAME))}s`;
  frames.forEach((f, i) => {
    const g = doc.createElementNS(SVG_NS, 'g');
    g.setAttribute('visibility', i === 0 ? 'visible' : 'hidden');
    g.append(f.content.group);
    f.caption.forEach((line, k) => {
      const t = doc.createElementNS(SVG_NS, 'text');
      t.setAttribute('x', String(PAD));
      t.setAttribute('y', String(stageHeight + PAD + (k + 0.75) * LINE));
      const type = { fill: opts.text, 'font-family': 'system-ui, sans-serif', 'font-size': '13' };
      for (const [name, value] of Object.entries(type)) t.setAttribute(name, value);
      if (k === 0) t.setAttribute('font-weight', '700');
      t.textContent = line;
      g.append(t);
    });
    if (frames.length > 1) {
      const a = doc.createElementNS(SVG_NS, 'animate');
      const keys = visibilityKeys(i, frames.length);
      for (const [k, v] of Object.entries({
        attributeName: 'visibility',
        calcMode: 'discrete',
        dur,
        repeatCount: 'indefinite',
        values: keys.values,
        keyTimes: keys.keyTimes,
      }))
        a.setAttribute(k, v);
      g.append(a);
    }
    root.append(g);
  });
  return toXml(root);
}
