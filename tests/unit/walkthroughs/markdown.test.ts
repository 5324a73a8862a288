/**
 * The safe Markdown of walkthrough texts (markdown.ts): a small subset parsed to a tree, never
 * to HTML — a shared walkthrough is someone else's text, so a tag or a `javascript:` link in it
 * must stay the characters it is.
 */
import { describe, expect, it } from 'vitest';
import {
  parseInline,
  parseMarkdown,
  plainText,
  type Block,
  type Inline,
} from '../../../src/scenarios/walkthroughs';

const t = (text: string): Inline => ({ type: 'text', text });
/** Every text and code string in a tree, and every link target. */
const flat = (xs: Inline[]): string =>
  xs.map((x) => ('children' in x ? flat(x.children) : x.text)).join('');
const hrefs = (xs: Inline[]): string[] =>
  xs.flatMap((x) =>
    x.type === 'link' ? [x.href, ...hrefs(x.children)] : 'children' in x ? hrefs(x.children) : [],
  );
const kinds = (xs: Inline[]): string[] =>
  xs.flatMap((x) => [x.type, ...('children' in x ? kinds(x.children) : [])]);

describe('blocks', () => {
  it('blank lines separate paragraphs; the lines of one paragraph are joined', () => {
    expect(parseMarkdown('one\ntwo\n\n  \nthree')).toEqual<Block[]>([
      { type: 'p', children: [t('one two')] },
      { type: 'p', children: [t('three')] },
    ]);
  });

  it('`-` lists and `1.` lists; a line without a marker continues the item', () => {
    expect(parseMarkdown('- page 0\n- page 1\n  is a hole\n\n1. setup\n2) pages')).toEqual<Block[]>(
      [
        { type: 'ul', items: [[t('page 0')], [t('page 1 is a hole')]] },
        { type: 'ol', items: [[t('setup')], [t('pages')]] },
      ],
    );
  });

  it('CRLF line ends are the same as LF', () => {
    expect(parseMarkdown('a\r\n\r\nb')).toEqual(parseMarkdown('a\n\nb'));
  });

  it('no headings, no block quotes: they stay text', () => {
    expect(parseMarkdown('# Title\n\n> quote')).toEqual<Block[]>([
      { type: 'p', children: [t('# Title')] },
      { type: 'p', children: [t('> quote')] },
    ]);
  });
});

describe('inline', () => {
  it('strong, em, code and links', () => {
    expect(
      parseInline('**A** maps *four* pages: `migrate_vma_setup`, see [docs](https://kernel.org/).'),
    ).toEqual<Inline[]>([
      { type: 'strong', children: [t('A')] },
      t(' maps '),
      { type: 'em', children: [t('four')] },
      t(' pages: '),
      { type: 'code', text: 'migrate_vma_setup' },
      t(', see '),
      { type: 'link', href: 'https://kernel.org/', children: [t('docs')] },
      t('.'),
    ]);
  });

  it('_em_ with underscores, and nesting inside strong', () => {
    expect(parseInline('_hole_ and **a *pinned* page**')).toEqual<Inline[]>([
      { type: 'em', children: [t('hole')] },
      t(' and '),
      {
        type: 'strong',
        children: [t('a '), { type: 'em', children: [t('pinned')] }, t(' page')],
      },
    ]);
  });

  it('underscores inside identifiers are not emphasis', () => {
    const xs = parseInline('migrate_vma_pages then dmirror_migrate_alloc_and_copy');
    expect(xs).toEqual([t('migrate_vma_pages then dmirror_migrate_alloc_and_copy')]);
  });

  it('markup inside code stays literal', () => {
    expect(parseInline('`**not bold** <b>`')).toEqual([{ type: 'code', text: '**not bold** <b>' }]);
  });

  it('an unclosed marker and a lone star are text', () => {
    expect(kinds(parseInline('2 * 3 is **six'))).toEqual(['text']);
    expect(flat(parseInline('2 * 3 is **six'))).toBe('2 * 3 is **six');
    expect(kinds(parseInline('an `open code span'))).toEqual(['text']);
  });

  it('a backslash escapes a marker', () => {
    expect(parseInline('\\*not em\\*')).toEqual([t('*not em*')]);
  });
});

describe('nothing unsafe gets through', () => {
  it.each([
    ['javascript:', '[click](javascript:alert(1))'],
    ['JavaScript: in capitals', '[click](JaVaScRiPt:alert(1))'],
    ['data:', '[x](data:text/html;base64,PHNjcmlwdD4=)'],
    ['a relative link', '[up](../secrets)'],
    ['a protocol-relative link', '[x](//evil.example/)'],
    ['a fragment', '[x](#s=1.abc)'],
  ])('%s stays text', (_, src) => {
    const xs = parseInline(src);
    expect(kinds(xs)).not.toContain('link');
    expect(hrefs(xs)).toEqual([]);
    expect(flat(xs)).toContain('](');
  });

  it('http and https links are links', () => {
    expect(
      hrefs(parseInline('[a](http://lwn.net/) [b](https://docs.kernel.org/mm/hmm.html)')),
    ).toEqual(['http://lwn.net/', 'https://docs.kernel.org/mm/hmm.html']);
  });

  it('HTML stays the characters it is', () => {
    const src = '<script>alert(1)</script> and <img src=x onerror=alert(1)>';
    const blocks = parseMarkdown(src);
    expect(blocks).toEqual<Block[]>([{ type: 'p', children: [t(src)] }]);
  });

  it('a link text cannot smuggle a javascript: link in a nested one', () => {
    const xs = parseInline('[see [x](javascript:alert(1))](https://kernel.org/)');
    expect(hrefs(xs).every((h) => h.startsWith('https://'))).toBe(true);
  });

  it('images are not images', () => {
    const xs = parseInline('![a cat](https://example.org/cat.png)');
    // At most a link to it: never an image element (there is no image node type).
    expect(kinds(xs).every((k) => ['text', 'link'].includes(k))).toBe(true);
    expect(flat(xs).startsWith('!')).toBe(true);
  });
});

describe('plainText', () => {
  it('drops the markup and keeps the words', () => {
    expect(plainText('**A** maps *four* pages: `migrate_vma_setup`.')).toBe(
      'A maps four pages: migrate_vma_setup.',
    );
    expect(plainText('see [the docs](https://kernel.org/)')).toBe('see the docs');
  });

  it('joins paragraphs with a space and list items with "; "', () => {
    expect(plainText('Two pages.\n\n- page 0\n- page 1')).toBe('Two pages. page 0; page 1');
  });

  it('an empty text is empty', () => {
    expect(plainText('')).toBe('');
    expect(parseMarkdown('\n\n')).toEqual([]);
  });
});
