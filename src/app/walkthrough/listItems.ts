/** The list's entries, with each walkthrough's progress on this device. */
import type { WalkthroughEntry } from '../../scenarios/walkthroughs';
import type { WalkthroughListItem } from '../../views/walkthrough/WalkthroughList';
import { progressKey } from './progress';

function progressOf(id: string, chapters: number, questions: number): string | null {
  try {
    const raw = window.localStorage.getItem(progressKey(id));
    if (!raw) return null;
    const p = JSON.parse(raw) as {
      chapter?: unknown;
      done?: unknown;
      answers?: Record<string, { correct?: unknown }>;
    };
    if (p.done === true) {
      const right = Object.values(p.answers ?? {}).filter((a) => a?.correct === true).length;
      return `Done: ${right} of ${questions} right`;
    }
    return typeof p.chapter === 'number' ? `At chapter ${p.chapter + 1} of ${chapters}` : null;
  } catch {
    return null;
  }
}

export function listItems(entries: readonly WalkthroughEntry[]): WalkthroughListItem[] {
  return entries.flatMap((w) => {
    if (!w.load.ok) return [];
    const d = w.load.doc;
    const questions = d.chapters.reduce((n, c) => n + (c.checkpoints?.length ?? 0), 0);
    return [
      {
        id: w.id,
        title: d.title,
        summary: d.summary,
        minutes: d.minutes,
        chapters: d.chapters.length,
        questions,
        progress: progressOf(w.id, d.chapters.length, questions),
      },
    ];
  });
}
