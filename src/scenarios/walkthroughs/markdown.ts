/**
 * The safe Markdown subset of walkthrough texts: paragraphs, `-` and `1.` lists, **strong**,
 * *emphasis*, `code` and [links](https://…). It parses to a tree the views render as React
 * elements, so nothing in a text — a shared walkthrough's included — is ever parsed as HTML:
 * `<b>` stays the four characters it is. Links must be http(s); anything else stays text.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] };

export type Block = { type: 'p'; children: Inline[] } | { type: 'ul' | 'ol'; items: Inline[][] };

const SAFE_HREF = /^https?:\/\/[^\s<>"']+$/i;

/** Inline markup of one paragraph or list item. */
export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\' && i + 1 < src.length && /[\\`*_[\]()]/.test(src[i + 1]!)) {
      text += src[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = src.indexOf('`', i + 1);
      if (end > i + 1) {
        flush();
        out.push({ type: 'code', text: src.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    if (src.startsWith('**', i)) {
      const end = src.indexOf('**', i + 2);
      if (end > i + 2) {
        flush();
        out.push({ type: 'strong', children: parseInline(src.slice(i + 2, end)) });
        i = end + 2;
        continue;
      }
    }
    if (ch === '*' || ch === '_') {
      const end = src.indexOf(ch, i + 1);
      // `_` inside a word (migrate_vma_pages) is not emphasis.
      const wordy = ch === '_' && /\w/.test(src[i - 1] ?? '');
      if (end > i + 1 && !wordy && src[i + 1] !== ' ') {
        flush();
        out.push({ type: 'em', children: parseInline(src.slice(i + 1, end)) });
        i = end + 1;
        continue;
      }
    }
    if (ch === '[') {
      const m = /^\[([^\]]+)\]\(([^)\s]+)\)/.exec(src.slice(i));
      if (m && SAFE_HREF.test(m[2]!)) {
        flush();
        out.push({ type: 'link', href: m[2]!, children: parseInline(m[1]!) });
        i += m[0].length;
        continue;
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

const ITEM = /^\s*(?:([-*])|(\d+)[.)])\s+(.*)$/;

/** Blocks are separated by blank lines; a block whose lines all start with a marker is a list. */
export function parseMarkdown(src: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of src.replace(/\r\n?/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').filter((l) => l.trim() !== '');
    if (lines.length === 0) continue;
    const first = ITEM.exec(lines[0]!);
    if (first) {
      const ordered = first[2] !== undefined;
      const items: string[] = [];
      for (const l of lines) {
        const m = ITEM.exec(l);
        if (m) items.push(m[3]!);
        else items[items.length - 1] += ` ${l.trim()}`;
      }
      blocks.push({ type: ordered ? 'ol' : 'ul', items: items.map(parseInline) });
    } else {
      blocks.push({ type: 'p', children: parseInline(lines.map((l) => l.trim()).join(' ')) });
    }
  }
  return blocks;
}

/** The text without markup (for titles, summaries, aria labels). */
export function plainText(src: string): string {
  const flat = (xs: Inline[]): string =>
    xs.map((x) => ('children' in x ? flat(x.children) : x.text)).join('');
  return parseMarkdown(src)
    .map((b) => (b.type === 'p' ? flat(b.children) : b.items.map(flat).join('; ')))
    .join(' ');
}
