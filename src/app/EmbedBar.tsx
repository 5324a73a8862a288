import { useMemo } from 'react';

/**
 * The embed mode's only chrome: the scenario's title and a link that opens the same scenario
 * and step in the full app, in a new tab (the iframe keeps its page).
 */
export function EmbedBar({ title }: { title: string }) {
  const full = useMemo(() => {
    const url = new URL(window.location.href);
    url.searchParams.delete('embed');
    return url.toString();
  }, []);
  return (
    <header className="embed-bar" data-testid="embed-bar">
      <span className="embed-bar__title">{title}</span>
      <a className="embed-bar__open" href={full} target="_blank" rel="noopener noreferrer">
        Open in HMM Lab ↗
      </a>
    </header>
  );
}
