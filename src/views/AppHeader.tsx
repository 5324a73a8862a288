import type { ReactNode } from 'react';
import { useUiStore } from '../store/uiStore';
import { KeyboardIcon } from './icons';
import { ThemeToggle } from './ThemeToggle';
import './AppHeader.css';

export interface AppHeaderProps {
  /** The scenario picker, or whatever the app puts beside the name. */
  children?: ReactNode;
}

/** The top bar: the product's name, the scenario picker, shortcuts and the theme. */
export function AppHeader({ children }: AppHeaderProps) {
  const openShortcuts = useUiStore((s) => s.setShortcutsOpen);
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" className="app-header__logo">
          <rect width="32" height="32" rx="7" fill="var(--accent)" />
          <rect x="5" y="7" width="9" height="18" rx="2" fill="var(--surface)" opacity="0.9" />
          <rect x="18" y="7" width="9" height="18" rx="2" fill="var(--device)" />
          <path
            d="M14 13h4m-2-2 2 2-2 2M18 19h-4m2-2-2 2 2 2"
            stroke="var(--accent-contrast)"
            strokeWidth="1.6"
            fill="none"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
        <h1 className="app-header__title">HMM Lab</h1>
        <span className="app-header__tagline">How Linux moves memory between CPU and device</span>
      </div>
      <div className="app-header__tools">
        {children}
        <button
          type="button"
          className="icon-button"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          data-testid="shortcuts-button"
          onClick={() => openShortcuts(true)}
        >
          <KeyboardIcon />
        </button>
        <ThemeToggle />
      </div>
    </header>
  );
}
