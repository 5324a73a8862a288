/**
 * The details of what the reader hovers, focuses or pinned: every field and what points to it.
 * A pinned item stays while stepping, so one page's counters can be watched through a migration.
 */
import type { InspectTarget } from '../../store/slices/stageSlice';
import { CloseIcon, PinIcon } from '../icons';
import type { Details } from './inspect';

export interface DetailsCardProps {
  details: Details;
  pinned: boolean;
  /** Opens (pins) a related item. */
  onNavigate: (target: InspectTarget) => void;
  onClose: () => void;
}

export function DetailsCard({ details, pinned, onNavigate, onClose }: DetailsCardProps) {
  const { title, fields, pointsTo, pointedBy, heldBy } = details;
  return (
    <aside className="details-card" aria-label={`Details: ${title}`} data-testid="details-card">
      <header className="details-card__head">
        <h2 className="details-card__title">{title}</h2>
        {pinned ? (
          <span className="details-card__pinned" title="Pinned: stays while you step">
            <PinIcon /> pinned
          </span>
        ) : null}
        <button
          type="button"
          className="details-card__close"
          onClick={onClose}
          aria-label={pinned ? 'Unpin and close details' : 'Close details'}
        >
          <CloseIcon />
        </button>
      </header>
      {pointsTo ? (
        <p className="details-card__links">
          Points to{' '}
          <button type="button" className="link-button" onClick={() => onNavigate(pointsTo.target)}>
            {pointsTo.label}
          </button>
        </p>
      ) : null}
      {pointedBy ? (
        <div className="details-card__links">
          <h3>
            What points here <span className="details-card__count">({pointedBy.length})</span>
          </h3>
          {pointedBy.length === 0 ? (
            <p className="details-card__none">No page-table entry points to this page.</p>
          ) : (
            <ul>
              {pointedBy.map((l) => (
                <li key={l.label}>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => onNavigate(l.target)}
                  >
                    {l.label}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      {heldBy.length > 0 ? (
        <div className="details-card__links">
          <h3>
            Held by GUP <span className="details-card__count">({heldBy.length})</span>
          </h3>
          <ul>
            {heldBy.map((h) => (
              <li key={h}>{h}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="details-card__fields">
        {fields.map((f) => (
          <div key={f.name} className="details-card__field">
            <dt>{f.name}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
      {!pinned ? (
        <p className="details-card__hint">Click or press Enter on a row to pin it.</p>
      ) : null}
    </aside>
  );
}
