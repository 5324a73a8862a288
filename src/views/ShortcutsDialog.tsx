import { useEffect, useRef } from 'react';
import { useUiStore } from '../store/uiStore';
import { SHORTCUTS } from './shortcuts';
import './Dialog.css';
import './ShortcutsDialog.css';

/** The keyboard help, as a modal dialog (Esc or the button closes it; focus returns). */
export function ShortcutsDialog() {
  const open = useUiStore((s) => s.shortcutsOpen);
  const setOpen = useUiStore((s) => s.setShortcutsOpen);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      // jsdom has no showModal; the attribute is enough there.
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      dialog.querySelector('button')?.focus();
    } else if (!open && dialog.open) {
      if (typeof dialog.close === 'function') dialog.close();
      else dialog.removeAttribute('open');
    }
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog shortcuts"
      aria-labelledby="shortcuts-title"
      data-testid="shortcuts-dialog"
      onClose={() => setOpen(false)}
      onCancel={() => setOpen(false)}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.description}>
              <td>
                {s.display.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </td>
              <td>{s.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="shortcuts__note">
        Shortcuts work anywhere except while typing in a field; on a focused button, Space presses
        the button.
      </p>
      <div className="shortcuts__actions">
        <button
          type="button"
          className="icon-button"
          data-variant="primary"
          onClick={() => setOpen(false)}
        >
          Close
        </button>
      </div>
    </dialog>
  );
}
