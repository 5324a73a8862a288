/**
 * Walkthrough text (the safe Markdown subset of scenarios/walkthroughs/markdown.ts) as React
 * elements. Every string goes in as a text node — never as HTML — so `<img onerror=…>` in a
 * text, a shared walkthrough's included, shows as the characters it is.
 */
import type { ReactNode } from 'react';
import { parseMarkdown, type Inline } from '../../scenarios/walkthroughs';

function inline(nodes: readonly Inline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.type) {
      case 'text':
        return n.text;
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'strong':
        return <strong key={i}>{inline(n.children)}</strong>;
      case 'em':
        return <em key={i}>{inline(n.children)}</em>;
      case 'link':
        // parseInline keeps http(s) links only; they open apart from the lesson.
        return (
          <a key={i} href={n.href} target="_blank" rel="noopener noreferrer">
            {inline(n.children)}
          </a>
        );
    }
  });
}

export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className ?? 'markdown'}>
      {parseMarkdown(text).map((b, i) => {
        if (b.type === 'p') return <p key={i}>{inline(b.children)}</p>;
        const items = b.items.map((item, k) => <li key={k}>{inline(item)}</li>);
        return b.type === 'ol' ? <ol key={i}>{items}</ol> : <ul key={i}>{items}</ul>;
      })}
    </div>
  );
}
