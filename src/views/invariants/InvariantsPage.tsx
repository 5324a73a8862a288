import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import { INVARIANT_DOCS, INVARIANT_FAMILIES, type InvariantDoc } from './catalog';
import '../Page.css';
import './InvariantsPage.css';

const FAMILY_TITLES: Record<string, string> = Object.fromEntries(
  INVARIANT_FAMILIES.map((f) => [f.id, f.section ? `§${f.section} ${f.title}` : f.title]),
);

/** Where in a seed: lines `1911–1915`, or a character offset `@14011` (seed 003 has no lines). */
const where = (lines: string) =>
  lines.startsWith('@') ? `at character ${lines.slice(1)}` : `lines ${lines}`;

const SOURCE = 'https://elixir.bootlin.com/linux/latest/source/';

export interface InvariantsPageProps {
  /** The invariant to show first and mark (from `#inv=ID`), if any. */
  focus: string | null;
  onBack: () => void;
}

/**
 * Every invariant of the model: what it says, why the kernel needs it, which function keeps it,
 * where the mailing-list threads discuss it (seed file and line), and whether the engine checks
 * it at every micro-step. A violation on stage links to its entry here.
 */
export function InvariantsPage({ focus, onBack }: InvariantsPageProps) {
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const id = useId();
  const families = useMemo(() => {
    const words = deferred.toLowerCase().split(/\s+/).filter(Boolean);
    const match = (d: InvariantDoc) => {
      const text = `${d.id} ${d.says} ${d.why} ${d.keptBy.map((k) => k.fn).join(' ')}`;
      return words.every((w) => text.toLowerCase().includes(w));
    };
    const out = new Map<string, InvariantDoc[]>();
    for (const d of INVARIANT_DOCS.filter(match)) {
      if (!out.has(d.family)) out.set(d.family, []);
      out.get(d.family)!.push(d);
    }
    return [...out];
  }, [deferred]);

  // A link to one invariant scrolls to it and moves the focus there (for keyboard readers).
  useEffect(() => {
    if (!focus) return;
    const el = document.getElementById(`inv-${focus}`);
    el?.scrollIntoView?.({ block: 'start' });
    el?.focus({ preventScroll: true });
  }, [focus]);

  const count = families.reduce((n, [, docs]) => n + docs.length, 0);
  return (
    <main className="page invariants" data-testid="invariants-page" aria-labelledby={`${id}-title`}>
      <div className="invariants__head">
        <button type="button" className="page__back" onClick={onBack}>
          ← Back
        </button>
        <h2 id={`${id}-title`}>Invariants explained</h2>
        <p className="page__intro">
          The rules the kernel keeps about device pages, page tables, migrations, pins and mirrors.
          Those marked “checked by the engine” are verified after every micro-step: a step that
          breaks one says so on stage and links here.
        </p>
        <label className="page__search">
          <span>Search</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="refcount, migration entry, pin…"
          />
        </label>
        <p className="page__count" aria-live="polite">
          {count} invariant{count === 1 ? '' : 's'}
        </p>
      </div>
      {families.map(([family, docs]) => (
        <section
          key={family}
          className="invariants__family"
          aria-label={FAMILY_TITLES[family] ?? family}
        >
          <h3>{FAMILY_TITLES[family] ?? family}</h3>
          {docs.map((d) => (
            <InvariantCard key={d.id} doc={d} focused={d.id === focus} />
          ))}
        </section>
      ))}
    </main>
  );
}

function InvariantCard({ doc, focused }: { doc: InvariantDoc; focused: boolean }) {
  return (
    <article
      id={`inv-${doc.id}`}
      className="invariant"
      data-focused={focused || undefined}
      data-testid="invariant"
      tabIndex={-1}
      aria-labelledby={`inv-${doc.id}-title`}
    >
      <h4 id={`inv-${doc.id}-title`}>
        <a href={`#inv=${doc.id}`}>{doc.id}</a>
        {doc.checked ? <span className="invariant__badge">checked by the engine</span> : null}
        {doc.era ? <span className="invariant__era">{doc.era}</span> : null}
      </h4>
      <p className="invariant__says">{doc.says}</p>
      <dl className="invariant__facts">
        <dt>When</dt>
        <dd>{doc.when}</dd>
        <dt>Why</dt>
        <dd>{doc.why}</dd>
        {doc.keptBy.length > 0 ? (
          <>
            <dt>Kept by</dt>
            <dd>
              {doc.keptBy.map((k, i) => (
                <span key={`${k.fn}-${i}`}>
                  {i > 0 ? ', ' : ''}
                  <a href={`${SOURCE}${k.file}`} target="_blank" rel="noopener noreferrer">
                    <code>{k.fn}()</code>
                  </a>{' '}
                  <span className="invariant__file">{k.file}</span>
                </span>
              ))}
            </dd>
          </>
        ) : null}
        {doc.seeds.length > 0 ? (
          <>
            <dt>Discussed in</dt>
            <dd>
              <ul className="invariant__seeds">
                {doc.seeds.map((s, i) => (
                  <li key={i}>
                    <code>
                      {s.file} {where(s.lines)}
                    </code>
                    {s.quote ? <q>{s.quote}</q> : null}
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
    </article>
  );
}
