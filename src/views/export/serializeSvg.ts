/**
 * A standalone SVG of the stage: one file that opens as an image anywhere (a browser, a slide
 * deck, Inkscape), with every style inlined and no reference outside itself.
 *
 * The stage is not one `<svg>`: StageView draws full-size layers (groups, arrows) and tiles of
 * rows, each its own `<svg>` positioned in layout units. Each becomes a nested `<svg>` at its
 * viewBox's place, so the picture is the stage at scale 1 whatever the zoom on screen.
 */
import { inlineStyles, paintStyle } from './inlineStyles';

export const SVG_NS = 'http://www.w3.org/2000/svg';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

export interface SerializeOptions {
  /** The `<title>`: scenario title and position (see frameTitle). */
  title: string;
  /** Background colour; by default the theme's stage surface. */
  background?: string;
  /** Renames every id (and its url(#…) references) so frames can share a file. */
  idPrefix?: string;
}

export interface StageContent {
  group: SVGGElement;
  width: number;
  height: number;
}

function viewBoxOf(svg: SVGSVGElement): [number, number, number, number] {
  const vb = (svg.getAttribute('viewBox') ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  if (vb.length === 4 && vb.every(Number.isFinite)) return vb as [number, number, number, number];
  const w = Number.parseFloat(svg.getAttribute('width') ?? '') || 0;
  const h = Number.parseFloat(svg.getAttribute('height') ?? '') || 0;
  return [0, 0, w, h];
}

/** The svgs that make up `source`: itself, or the `<svg>` children of a stage container. */
const partsOf = (source: Element): SVGSVGElement[] =>
  source.localName === 'svg'
    ? [source as SVGSVGElement]
    : ([...source.children].filter((c) => c.localName === 'svg') as SVGSVGElement[]);

/** The drawing of `source` as one `<g>` in layout units, styles inlined. */
export function stageContent(source: Element, idPrefix = ''): StageContent {
  const doc = source.ownerDocument;
  const group = doc.createElementNS(SVG_NS, 'g');
  const rootStyle = getComputedStyle(source);
  // The container's inherited type (font-family and size of .stage-svg) goes on the group.
  for (const [name, value] of paintStyle(rootStyle, null)) group.setAttribute(name, value);
  const parts = partsOf(source);
  // The picture is the first part's size: StageView's first layer covers the whole stage
  // (tiles are a fixed grid and may reach past its edge).
  const [, , width, height] = parts[0] ? viewBoxOf(parts[0]) : [0, 0, 0, 0];
  for (const part of parts) {
    const [x, y, w, h] = viewBoxOf(part);
    const clone = part.cloneNode(true) as SVGSVGElement;
    inlineStyles(part, clone, rootStyle, { prefix: idPrefix });
    for (const [k, v] of Object.entries({ x, y, width: w, height: h }))
      clone.setAttribute(k, String(v));
    group.append(clone);
  }
  return { group, width, height };
}

/** The theme's stage background: `--surface` on the root, else white. */
export function themeBackground(doc: Document = document): string {
  const v = getComputedStyle(doc.documentElement).getPropertyValue('--surface').trim();
  return v || '#ffffff';
}

/** The theme's text colour (captions of an animation). */
export function themeText(doc: Document = document): string {
  const v = getComputedStyle(doc.documentElement).getPropertyValue('--text').trim();
  return v || '#17202b';
}

/** An empty picture `width` × `height`: namespaces, size, `<title>`, background. */
export function svgRoot(
  doc: Document,
  width: number,
  height: number,
  title: string,
  background: string,
): SVGSVGElement {
  const root = doc.createElementNS(SVG_NS, 'svg');
  root.setAttributeNS(XMLNS_NS, 'xmlns', SVG_NS);
  root.setAttributeNS(XMLNS_NS, 'xmlns:xlink', XLINK_NS);
  root.setAttribute('version', '1.1');
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const t = doc.createElementNS(SVG_NS, 'title');
  t.textContent = title;
  const bg = doc.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ width: '100%', height: '100%', fill: background }))
    bg.setAttribute(k, v);
  root.append(t, bg);
  return root;
}

export const toXml = (root: SVGSVGElement) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}\n`;

/** `svg` (or a stage container of svgs) as the text of a standalone .svg file. */
export function serializeSvg(svg: Element, opts: SerializeOptions): string {
  const doc = svg.ownerDocument;
  const { group, width, height } = stageContent(svg, opts.idPrefix);
  const root = svgRoot(doc, width, height, opts.title, opts.background ?? themeBackground(doc));
  root.append(group);
  return toXml(root);
}
