/**
 * Speaker notes in a second window (the laptop's screen while the projector shows the stage):
 * a plain window the page renders into through a portal, so the notes follow every step with
 * no messaging. Opened from the click (pop-up blockers allow that); the page's styles are
 * copied in.
 */
import { useEffect } from 'react';
import { createPortal } from 'react-dom';

/** Opens (or reuses) the notes window and readies its document; null when the browser blocks it. */
export function openNotesWindow(): HTMLElement | null {
  const w = window.open('', 'hmm-lab-speaker-notes', 'width=640,height=760');
  if (!w) return null;
  const doc = w.document;
  doc.title = 'HMM Lab — speaker notes';
  const theme = document.documentElement.dataset.theme;
  if (theme) doc.documentElement.dataset.theme = theme;
  doc.head.replaceChildren(
    ...[...document.querySelectorAll('style, link[rel="stylesheet"]')].map((el) =>
      el.cloneNode(true),
    ),
  );
  const root = doc.createElement('div');
  root.className = 'notes-window';
  doc.body.replaceChildren(root);
  return root;
}

export function NotesWindow({
  root,
  children,
  onClosed,
}: {
  root: HTMLElement;
  children: React.ReactNode;
  onClosed: () => void;
}) {
  useEffect(() => {
    const w = root.ownerDocument.defaultView;
    if (!w) return;
    w.addEventListener('pagehide', onClosed);
    return () => {
      w.removeEventListener('pagehide', onClosed);
      w.close();
    };
  }, [root, onClosed]);
  return createPortal(children, root);
}
