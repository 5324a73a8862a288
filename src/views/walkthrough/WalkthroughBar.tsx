/** The walkthrough's top bar: its title, the chapters (one dot each, the current one marked), and the page's actions. */
export function WalkthroughBar({
  title,
  chapters,
  chapter,
  done,
  onChapter,
  actions,
}: {
  title: string;
  chapters: readonly string[];
  chapter: number;
  done: boolean;
  onChapter: (chapter: number) => void;
  actions: React.ReactNode;
}) {
  return (
    <header className="walk-bar">
      <h1 className="walk-bar__title">{title}</h1>
      <ol className="walk-bar__chapters" aria-label="Chapters">
        {chapters.map((t, i) => (
          <li key={`${i}-${t}`}>
            <button
              type="button"
              className="walk-bar__dot"
              aria-current={!done && i === chapter ? 'step' : undefined}
              data-past={done || i < chapter || undefined}
              onClick={() => onChapter(i)}
              title={`Chapter ${i + 1}: ${t}`}
            >
              <span className="visually-hidden">
                Chapter {i + 1}: {t}
              </span>
              <span aria-hidden="true">{i + 1}</span>
            </button>
          </li>
        ))}
      </ol>
      <div className="walk-bar__actions">{actions}</div>
    </header>
  );
}
