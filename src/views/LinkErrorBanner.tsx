import './LinkErrorBanner.css';

export interface LinkErrorBannerProps {
  /** Why the link could not be opened, one plain-text line per problem. */
  errors: readonly string[];
  onDismiss: () => void;
}

/** Lines shown before "and N more": a hostile link must not be able to flood the screen. */
const MAX_SHOWN = 12;

/**
 * Says that a shared link could not be opened and why, while the scenario on stage stays as it
 * was. Every line is React text, never markup: the errors quote whatever the link contained.
 */
export function LinkErrorBanner({ errors, onDismiss }: LinkErrorBannerProps) {
  const shown = errors.slice(0, MAX_SHOWN);
  const more = errors.length - shown.length;
  return (
    <div className="link-error" role="alert" data-testid="link-error">
      <div className="link-error__body">
        <p className="link-error__title">
          <strong>This link could not be opened.</strong> The scenario on stage is unchanged.
        </p>
        <ul className="link-error__list">
          {shown.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
          {more > 0 ? <li>…and {more} more</li> : null}
        </ul>
      </div>
      <button type="button" className="icon-button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
