/**
 * Copies the computed style that paints an SVG onto a detached clone, so the clone draws the
 * same without the app's style sheets (CSS variables, theme, classes are resolved by
 * getComputedStyle of the live element), and drops what only the live page needs: data-*,
 * aria-*, role, tabindex, event handlers, classes and the old inline style.
 *
 * Styles are written as SVG presentation attributes (fill="…"), not style="…": the site's CSP
 * (style-src 'self') blocks style attributes, and every image viewer reads presentation
 * attributes. A property with another attribute name is mapped (ATTRIBUTE).
 */

/** Inherited properties: written only where they differ from the parent's value. */
const INHERITED = [
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant-numeric',
  'letter-spacing',
  'text-anchor',
  'visibility',
] as const;

/** Not inherited: written unless they hold their initial value. */
const OWN: Record<string, readonly string[]> = {
  opacity: ['1'],
  display: ['inline', 'block', 'inline-block', 'flex', 'contents'],
  'dominant-baseline': ['auto', 'normal'],
  'text-decoration-line': ['none'],
  'paint-order': ['normal'],
};

/** CSS properties whose presentation attribute has another name. */
const ATTRIBUTE: Record<string, string> = {
  'font-variant-numeric': 'font-variant',
  'text-decoration-line': 'text-decoration',
};

const DROP = /^(data-|aria-|on)|^(tabindex|role|focusable|class|style|autofocus|contenteditable)$/i;

export type StyleSource = (el: Element) => CSSStyleDeclaration;

const read = (s: CSSStyleDeclaration | null, p: string) => (s ? s.getPropertyValue(p).trim() : '');

/** Removes attributes that do not belong in a picture; renames ids with `prefix`. */
export function cleanAttributes(el: Element, prefix: string): void {
  for (const a of [...el.attributes]) {
    if (DROP.test(a.name)) el.removeAttribute(a.name);
    else if (prefix && a.name === 'id') el.setAttribute('id', prefix + a.value);
    else if (prefix && a.value.includes('url(#'))
      el.setAttribute(a.name, a.value.replace(/url\(#/g, `url(#${prefix}`));
    else if (prefix && /(^|:)href$/.test(a.name) && a.value.startsWith('#'))
      el.setAttribute(a.name, `#${prefix}${a.value.slice(1)}`);
  }
}

/** The presentation attributes of `computed` worth writing, given the parent's style. */
export function paintStyle(
  computed: CSSStyleDeclaration,
  parent: CSSStyleDeclaration | null,
): [string, string][] {
  const out: [string, string][] = [];
  for (const p of INHERITED) {
    const v = read(computed, p);
    if (!v || v === read(parent, p)) continue;
    if (p === 'visibility' && !parent && v === 'visible') continue;
    if (p === 'font-variant-numeric' && v === 'normal') continue;
    out.push([ATTRIBUTE[p] ?? p, v]);
  }
  for (const [p, initial] of Object.entries(OWN)) {
    const v = read(computed, p);
    if (v && !initial.includes(v)) out.push([ATTRIBUTE[p] ?? p, v]);
  }
  return out;
}

/**
 * Walks `live` and its `clone` (a deep clone, so the same shape) together, writing each live
 * element's paint style onto its clone and cleaning the clone's attributes.
 */
export function inlineStyles(
  live: Element,
  clone: Element,
  parentStyle: CSSStyleDeclaration | null,
  opts: { prefix?: string; styleOf?: StyleSource } = {},
): void {
  const styleOf = opts.styleOf ?? ((el: Element) => getComputedStyle(el));
  const computed = styleOf(live);
  cleanAttributes(clone, opts.prefix ?? '');
  for (const [name, value] of paintStyle(computed, parentStyle)) clone.setAttribute(name, value);
  const kids = live.children;
  const cloneKids = clone.children;
  for (let i = 0; i < kids.length && i < cloneKids.length; i++)
    inlineStyles(kids[i]!, cloneKids[i]!, computed, opts);
}
