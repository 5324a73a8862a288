/** The walkthrough bar's buttons: present, notes window, pointer, handout, share, back. */
export function WalkthroughActions(p: {
  presenter: boolean;
  onPresent: () => void;
  notesWindow: boolean;
  onNotesWindow: () => void;
  laser: boolean;
  onLaser: () => void;
  onFullscreen: () => void;
  /** null for a walkthrough shared by link (its handout needs a library id). */
  handoutHref: string | null;
  onShare: () => void;
  shareStatus: string;
  onBack: () => void;
}) {
  return (
    <>
      <button
        type="button"
        className="walk-button"
        aria-pressed={p.presenter}
        onClick={p.onPresent}
        data-testid="walk-present"
      >
        {p.presenter ? 'Leave presenter mode' : 'Present'}
      </button>
      {p.presenter ? (
        <>
          <button
            type="button"
            className="walk-button"
            aria-pressed={p.notesWindow}
            onClick={p.onNotesWindow}
          >
            Notes window
          </button>
          <button type="button" className="walk-button" aria-pressed={p.laser} onClick={p.onLaser}>
            Pointer
          </button>
          <button type="button" className="walk-button" onClick={p.onFullscreen}>
            Full screen
          </button>
        </>
      ) : null}
      {p.handoutHref ? (
        <a className="walk-button" href={p.handoutHref}>
          Handout
        </a>
      ) : null}
      <button type="button" className="walk-button" onClick={p.onShare} data-testid="walk-share">
        Copy link
      </button>
      <span className="walk-bar__status" role="status">
        {p.shareStatus}
      </span>
      <button type="button" className="walk-button" onClick={p.onBack}>
        Stage
      </button>
    </>
  );
}
