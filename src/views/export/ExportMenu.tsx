/**
 * "Export" in the stage toolbar: the stage as a picture (SVG, PNG), a step or the whole scenario
 * as an animated SVG, or as numbered PNGs for slides. A menu button (WAI-ARIA APG pattern):
 * Enter, Space or ↓ open it on the first item, ↑ on the last; ↑/↓/Home/End move; Escape closes
 * and gives the focus back to the button. Progress is spoken by a live region.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { ExportKind, ExportSource } from './exportActions';
import { MAX_FRAMES } from './caption';
import './ExportMenu.css';

const ITEMS: readonly { kind: ExportKind; label: string }[] = [
  { kind: 'svg', label: 'Stage as SVG' },
  { kind: 'png', label: 'Stage as PNG' },
  { kind: 'step-animation', label: 'This step as animated SVG' },
  { kind: 'animation', label: 'Whole scenario as animated SVG' },
  { kind: 'png-zip', label: 'Whole scenario as PNG images (.zip)' },
];

/** How long "Saved …" stays next to the button. */
const SAVED_MS = 8000;

export type ExportMenuProps = ExportSource;

export function ExportMenu(props: ExportMenuProps) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (open) menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [open, active]);

  // "Saved …" stays a while (the live region has spoken it), then leaves the toolbar.
  useEffect(() => {
    if (busy || !status.startsWith('Saved')) return;
    const t = setTimeout(() => setStatus(''), SAVED_MS);
    return () => clearTimeout(t);
  }, [busy, status]);

  // A click anywhere else closes the menu (the focus stays where the click put it).
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!menu.current?.parentElement?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const openAt = (i: number) => {
    setActive(i);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  const choose = async (kind: ExportKind) => {
    close();
    setBusy(true);
    setStatus('Preparing the export…');
    try {
      const { runExport } = await import('./exportActions');
      setStatus(await runExport(kind, props, setStatus));
    } catch (e) {
      setStatus(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  const onMenuKey = (e: React.KeyboardEvent) => {
    const n = ITEMS.length;
    const moves: Record<string, number> = {
      ArrowDown: (active + 1) % n,
      ArrowUp: (active - 1 + n) % n,
      Home: 0,
      End: n - 1,
    };
    if (e.key in moves) setActive(moves[e.key]!);
    else if (e.key === 'Escape') close();
    else if (e.key === 'Tab') setOpen(false);
    else return;
    if (e.key !== 'Tab') e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div className="export-menu">
      <button
        ref={button}
        type="button"
        className="export-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-disabled={busy || undefined}
        onClick={() => (busy ? undefined : open ? setOpen(false) : openAt(0))}
        onKeyDown={(e) => {
          if (busy || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
          e.preventDefault();
          openAt(e.key === 'ArrowDown' ? 0 : ITEMS.length - 1);
        }}
      >
        {busy ? 'Exporting…' : 'Export'}
      </button>
      {open ? (
        <div className="export-menu__popup">
          <ul ref={menu} id={menuId} role="menu" aria-label="Export" onKeyDown={onMenuKey}>
            {ITEMS.map((item, i) => (
              <li key={item.kind} role="none">
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={i === active ? 0 : -1}
                  onClick={() => void choose(item.kind)}
                  onPointerEnter={() => setActive(i)}
                >
                  {item.label}
                </button>
              </li>
            ))}
          </ul>
          <p className="export-menu__note">
            The page tables and memory only (not the GMEM panel). Animations and images stop after{' '}
            {MAX_FRAMES} frames.
          </p>
        </div>
      ) : null}
      <span className="export-menu__status" role="status" aria-live="polite">
        {status}
      </span>
    </div>
  );
}
