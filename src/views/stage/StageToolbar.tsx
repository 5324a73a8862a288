import type { ReactNode } from 'react';
import type { Zoom } from '../../store/slices/stageSlice';
import { FitIcon, ZoomInIcon, ZoomOutIcon } from '../icons';

export interface StageToolbarProps {
  zoom: Zoom;
  /** The scale in effect (what 'fit' works out to). */
  scale: number;
  onZoom: (direction: 1 | -1) => void;
  onFit: () => void;
  /** The export menu, at the toolbar's end (the player's; absent elsewhere). */
  exportMenu?: ReactNode;
}

/** Zoom out / in / fit, with the scale in effect. Ctrl/⌘ + wheel and dragging also work. */
export function StageToolbar({ zoom, scale, onZoom, onFit, exportMenu }: StageToolbarProps) {
  const percent = `${Math.round(scale * 100)}%`;
  return (
    <div className="stage-toolbar" role="toolbar" aria-label="Stage view">
      <button
        type="button"
        className="icon-button"
        onClick={() => onZoom(-1)}
        aria-label="Zoom out"
      >
        <ZoomOutIcon />
      </button>
      <span className="stage-toolbar__zoom" aria-live="polite" data-testid="stage-zoom">
        {zoom === 'fit' ? `Fit · ${percent}` : percent}
      </span>
      <button type="button" className="icon-button" onClick={() => onZoom(1)} aria-label="Zoom in">
        <ZoomInIcon />
      </button>
      <button
        type="button"
        className="icon-button"
        onClick={onFit}
        aria-label="Fit to width"
        aria-pressed={zoom === 'fit'}
      >
        <FitIcon />
      </button>
      {exportMenu}
    </div>
  );
}
