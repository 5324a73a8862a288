import { useEffect } from 'react';
import { PlayerContext } from '../views/PlayerContext';
import { useUiStore } from '../store/uiStore';
import { shortcutForKey } from '../views/shortcuts';

/**
 * The app's keyboard: Space, ←/→, Home/End, +/- and ? anywhere on the page, except where the
 * focused control needs the key itself (see shortcutForKey). While a dialog is open the keys
 * are the dialog's; on a page other than the player (`enabled` false) there are none.
 */
export function useKeyboardShortcuts(enabled = true): void {
  const player = PlayerContext.useActorRef();
  const setShortcutsOpen = useUiStore((s) => s.setShortcutsOpen);

  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || useUiStore.getState().shortcutsOpen) return;
      const el = e.target instanceof HTMLElement ? e.target : null;
      const shortcut = shortcutForKey(e.key, e, {
        tagName: el?.tagName,
        isContentEditable: el?.isContentEditable,
        type: el instanceof HTMLInputElement ? el.type : undefined,
        role: el?.getAttribute('role'),
      });
      if (!shortcut) return;
      e.preventDefault(); // Space would scroll the page, Home/End jump it.
      if (shortcut.action.type === 'ui.shortcuts') setShortcutsOpen(true);
      else player.send(shortcut.action);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [player, setShortcutsOpen, enabled]);
}
