import { memo } from 'react';
import type { FinalState, ScenarioDoc } from '../../engine/trace';
import { ScenarioThumb } from './ScenarioThumb';

export interface GalleryCardProps {
  id: string;
  doc: ScenarioDoc;
  final: FinalState | null;
  current: boolean;
  onOpen: (id: string) => void;
}

/**
 * One scenario: preview, title (the button that opens it), where it comes from, its summary and
 * what to watch for. Every string is the document's text, rendered as text.
 */
export const GalleryCard = memo(function GalleryCard({
  id,
  doc,
  final,
  current,
  onOpen,
}: GalleryCardProps) {
  const about = doc.about;
  return (
    <li className="gallery-card" data-testid="gallery-card" data-id={id}>
      <ScenarioThumb final={final} />
      <div className="gallery-card__body">
        <h4 className="gallery-card__title">
          <button
            type="button"
            className="gallery-card__open"
            onClick={() => onOpen(id)}
            aria-current={current || undefined}
          >
            {doc.title}
          </button>
        </h4>
        <p className="gallery-card__meta">
          {about?.selftest ? (
            <span className="gallery-card__badge" title={about.source}>
              Kernel selftest
            </span>
          ) : about?.source ? (
            <span className="gallery-card__source">{about.source}</span>
          ) : null}
          {current ? <span className="gallery-card__current">on stage</span> : null}
        </p>
        {doc.summary ? <p className="gallery-card__summary">{doc.summary}</p> : null}
        {about?.watch?.length ? (
          <details className="gallery-card__watch">
            <summary>What to watch for ({about.watch.length})</summary>
            <ul>
              {about.watch.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </li>
  );
});
