import { useDeferredValue, useId, useMemo, useState } from 'react';
import type { FinalState, ScenarioDoc, ScenarioTopic } from '../../engine/trace';
import { COMPARISONS, comparisonHref } from '../../scenarios/comparisons';
import { isSelftest, SCENARIO_TOPICS, TOPIC_TITLES } from '../../scenarios/library/topics';
import { GalleryCard } from './GalleryCard';
import '../Page.css';
import './Gallery.css';

export interface GalleryProps {
  /** The library, or null while it loads. */
  entries: readonly { id: string; doc: ScenarioDoc }[] | null;
  /** Why the library could not be loaded. */
  failed?: string;
  /** Final states for the previews, filled in as they are worked out. */
  finals: ReadonlyMap<string, FinalState>;
  /** The scenario on stage. */
  current: string;
  /** Title of the scenario on stage, for the way back to it. */
  currentTitle: string;
  onOpen: (id: string) => void;
  /** Back to the stage, as it was. */
  onBack: () => void;
  /** Scenarios shown first, under "Start here" (the walk-through), instead of in their topic. */
  featured?: readonly string[];
}

type Kind = 'all' | 'teaching' | 'selftests';

const matches = (doc: ScenarioDoc, words: string[]) => {
  const text =
    `${doc.title} ${doc.summary ?? ''} ${doc.about?.source ?? ''} ${doc.about?.selftest ?? ''}`.toLowerCase();
  return words.every((w) => text.includes(w));
};

/**
 * The scenario library by topic (mirroring, snapshot, faults, migration, fork/CoW, pinning,
 * device memory), each scenario with a preview; kernel selftests are marked. A search box and
 * a filter narrow the list; choosing a scenario puts it on stage.
 */
export function Gallery({
  entries,
  failed,
  finals,
  current,
  currentTitle,
  onOpen,
  onBack,
  featured = [],
}: GalleryProps) {
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<Kind>('all');
  const deferredQuery = useDeferredValue(query);
  const id = useId();
  const sections = useMemo(() => {
    const words = deferredQuery.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = (entries ?? []).filter(
      (e) => (kind === 'all' || (kind === 'selftests') === isSelftest(e)) && matches(e.doc, words),
    );
    const topicOf = (doc: ScenarioDoc): ScenarioTopic => doc.about?.topic ?? 'migration';
    const start = shown.filter((e) => featured.includes(e.id));
    const rest = shown.filter((e) => !featured.includes(e.id));
    const topics = SCENARIO_TOPICS.map((topic) => ({
      key: topic as string,
      title: TOPIC_TITLES[topic],
      // Teaching scenarios first, then the kernel's selftests.
      items: rest
        .filter((e) => topicOf(e.doc) === topic)
        .sort((a, b) => Number(isSelftest(a)) - Number(isSelftest(b))),
    }));
    return [{ key: 'start', title: 'Start here', items: start }, ...topics].filter(
      (s) => s.items.length > 0,
    );
  }, [entries, deferredQuery, kind, featured]);
  const count = sections.reduce((n, s) => n + s.items.length, 0);

  return (
    <main className="page gallery" data-testid="gallery" aria-labelledby={`${id}-title`}>
      <div className="gallery__head">
        <button type="button" className="page__back" onClick={onBack}>
          <span className="gallery__back-label">← Back to the stage:</span>{' '}
          <span className="gallery__back-title">{currentTitle}</span>
        </button>
        <h2 id={`${id}-title`}>Scenario gallery</h2>
        <p className="page__intro">
          Every built-in scenario, by topic. The kernel&rsquo;s own HMM selftests (hmm-tests.c) are
          marked; each preview shows where the pages end up.
        </p>
        <div className="gallery__filters">
          <label className="page__search">
            <span>Search</span>
            <input
              type="search"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              placeholder="migrate, fork, EBUSY…"
            />
          </label>
          <fieldset className="gallery__kind">
            <legend className="visually-hidden">Show</legend>
            {(['all', 'teaching', 'selftests'] as const).map((k) => (
              <label key={k}>
                <input
                  type="radio"
                  name={`${id}-kind`}
                  checked={kind === k}
                  onChange={() => setKind(k)}
                />
                {k === 'all' ? 'All' : k === 'teaching' ? 'Teaching' : 'Kernel selftests'}
              </label>
            ))}
          </fieldset>
        </div>
        <p className="page__count" aria-live="polite" data-testid="gallery-count">
          {entries === null
            ? failed
              ? ''
              : 'Loading the library…'
            : `${count} scenario${count === 1 ? '' : 's'}`}
        </p>
        {failed ? (
          <p role="alert" className="gallery__failed">
            The library could not be loaded ({failed}). The default scenario is still on stage.
          </p>
        ) : null}
      </div>
      {sections.map((s) => (
        <section key={s.key} className="gallery__section" aria-labelledby={`${id}-${s.key}`}>
          <h3 id={`${id}-${s.key}`}>
            {s.title} <span className="gallery__n">{s.items.length}</span>
          </h3>
          {s.key === 'gmem' ? (
            <p className="page__intro" data-testid="gallery-gmem-compare">
              HMM and GMEM side by side, beat by beat, with the 2023 debate:{' '}
              {COMPARISONS.map((c, i) => (
                <span key={c.id}>
                  {i > 0 ? ' · ' : ''}
                  <a href={comparisonHref(c.id)}>{c.title.replace(/^HMM vs GMEM: /, '')}</a>
                </span>
              ))}
            </p>
          ) : null}
          <ul className="gallery__grid">
            {s.items.map((e) => (
              <GalleryCard
                key={e.id}
                id={e.id}
                doc={e.doc}
                final={finals.get(e.id) ?? null}
                current={e.id === current}
                onOpen={onOpen}
              />
            ))}
          </ul>
        </section>
      ))}
    </main>
  );
}
