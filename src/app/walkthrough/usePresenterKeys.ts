/**
 * The walkthrough's keys. A presentation clicker sends PageDown / PageUp (some send → / ←, or
 * B for a blank screen); the keyboard has those and a few more. Typing an answer is left
 * alone: only the clicker's PageUp/PageDown act while a text field or an option has the focus.
 */
import { useEffect, useRef } from 'react';

export interface WalkKeys {
  presenter: boolean;
  /** Next micro-step (in presenter mode, at a question: reveal it). */
  next: () => void;
  prev: () => void;
  /** Next (+1) or previous (-1) chapter. */
  chapter: (direction: 1 | -1) => void;
  toggleNotes: () => void;
  toggleLaser: () => void;
  toggleFullscreen: () => void;
  leave: () => void;
}

const isTyping = (t: EventTarget | null) =>
  t instanceof HTMLElement &&
  (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

export function usePresenterKeys(keys: WalkKeys) {
  const ref = useRef(keys);
  useEffect(() => {
    ref.current = keys;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const k = ref.current;
      const clicker = e.key === 'PageDown' || e.key === 'PageUp';
      if (!clicker && isTyping(e.target)) return;
      const act = (f: () => void) => {
        e.preventDefault();
        f();
      };
      switch (e.key) {
        case 'PageDown':
          return act(() => (e.shiftKey ? k.chapter(1) : k.next()));
        case 'PageUp':
          return act(() => (e.shiftKey ? k.chapter(-1) : k.prev()));
        case 'ArrowRight':
          return act(() => (e.shiftKey ? k.chapter(1) : k.next()));
        case 'ArrowLeft':
          return act(() => (e.shiftKey ? k.chapter(-1) : k.prev()));
        case 'n':
        case 'N':
          return k.presenter ? act(k.toggleNotes) : undefined;
        case 'l':
        case 'L':
          return k.presenter ? act(k.toggleLaser) : undefined;
        case 'f':
        case 'F':
          return k.presenter ? act(k.toggleFullscreen) : undefined;
        case 'Escape':
          // In full screen the browser's own Escape leaves full screen first.
          return k.presenter && !document.fullscreenElement ? act(k.leave) : undefined;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
