/** The walkthroughs, each with what it covers, how long it takes, and where the student is. */
import { plainText } from '../../scenarios/walkthroughs';
import { walkthroughHref } from '../../scenarios/walkthroughs/route';

export interface WalkthroughListItem {
  id: string;
  title: string;
  summary: string;
  minutes: number;
  chapters: number;
  questions: number;
  /** "Chapter 2 of 4", "Done: 5 of 7 right", or null when never opened. */
  progress: string | null;
}

export function WalkthroughList({
  items,
  broken,
  onBack,
  onOpenFile,
  fileErrors,
}: {
  items: readonly WalkthroughListItem[];
  /** Library walkthroughs that failed their checks (a bug): listed, not offered. */
  broken: readonly { id: string; why: string }[];
  onBack: () => void;
  /** A walkthrough file the teacher picked (its text). */
  onOpenFile: (text: string) => void;
  /** Why the file picked last does not open (plain sentences), or empty. */
  fileErrors: readonly string[];
}) {
  return (
    <main className="walk-list" data-testid="walk-list">
      <header className="walk-list__head">
        <h1>Walkthroughs</h1>
        <p>
          Guided lectures on one scenario each: short chapters, and questions that ask you to
          predict what the kernel does next before you see it. Open one to study alone, or present
          it to a class (large type, speaker notes, a clicker steps through it). Your answers stay
          on this device.
        </p>
        <button type="button" className="walk-button" onClick={onBack}>
          ← Back to the stage
        </button>
      </header>
      <ul className="walk-list__items">
        {items.map((w) => (
          <li key={w.id} className="walk-card">
            <h2>
              <a href={walkthroughHref(w.id)} data-testid={`walk-open-${w.id}`}>
                {w.title}
              </a>
            </h2>
            <p>{plainText(w.summary)}</p>
            <p className="walk-card__meta">
              {w.minutes} min · {w.chapters} chapters · {w.questions} questions
              {w.progress ? <strong className="walk-card__progress"> · {w.progress}</strong> : null}
            </p>
            <p className="walk-card__links">
              <a href={walkthroughHref(w.id, 'present')}>Present</a>
              {' · '}
              <a href={walkthroughHref(w.id, 'handout')}>Printable handout</a>
            </p>
          </li>
        ))}
      </ul>
      <section className="walk-list__own" aria-labelledby="walk-own-title">
        <h2 id="walk-own-title">Your own walkthrough</h2>
        <p>
          Open a walkthrough file (JSON, see docs/scenario-format.md, “Walkthroughs”): it is
          checked, then opens with a link you can share — the link carries the walkthrough and its
          scenario.
        </p>
        <label className="walk-button walk-list__file">
          Open a walkthrough file…
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden"
            data-testid="walk-file"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void f.text().then(onOpenFile);
              e.target.value = '';
            }}
          />
        </label>
        {fileErrors.length > 0 ? (
          <div role="alert" className="walk-list__errors" data-testid="walk-file-errors">
            <p>This file does not open as a walkthrough:</p>
            <ul>
              {fileErrors.slice(0, 20).map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>
      {broken.length > 0 ? (
        <section className="walk-list__broken" aria-label="Walkthroughs that could not be loaded">
          {broken.map((b) => (
            <p key={b.id}>
              {b.id}: {b.why}
            </p>
          ))}
        </section>
      ) : null}
    </main>
  );
}
