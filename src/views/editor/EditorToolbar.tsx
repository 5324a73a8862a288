/**
 * The editor's commands: undo/redo, new/reset, import/export, play and close. Play stays
 * disabled, with the reason next to it, until the document validates.
 */
import { useRef } from 'react';
import { CloseIcon, PlayIcon } from '../icons';

export interface EditorToolbarProps {
  readonly idPrefix: string;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly canExport: boolean;
  /** Why Play is disabled, or null when the document can be played. */
  readonly playBlocked: string | null;
  readonly onUndo: () => void;
  readonly onRedo: () => void;
  readonly onNew: () => void;
  readonly onReset: () => void;
  readonly onImport: (file: File) => void;
  readonly onExport: () => void;
  readonly onPlay: () => void;
  readonly onClose: () => void;
}

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const mod = mac ? '⌘' : 'Ctrl+';

export function EditorToolbar(p: EditorToolbarProps) {
  const file = useRef<HTMLInputElement>(null);
  const why = `${p.idPrefix}--play-why`;
  return (
    <div className="ed-toolbar" role="toolbar" aria-label="Editor commands">
      <div className="ed-toolbar__group">
        <button
          type="button"
          className="icon-button"
          onClick={p.onUndo}
          disabled={!p.canUndo}
          aria-keyshortcuts="Control+Z Meta+Z"
          title={`Undo (${mod}Z)`}
        >
          Undo
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={p.onRedo}
          disabled={!p.canRedo}
          aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
          title={`Redo (${mod}Shift+Z)`}
        >
          Redo
        </button>
      </div>
      <div className="ed-toolbar__group">
        <button
          type="button"
          className="icon-button"
          onClick={p.onNew}
          title="Start an empty scenario"
        >
          New
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={p.onReset}
          title="Replace the draft with the scenario on stage (undo brings it back)"
        >
          Reset to the scenario on stage
        </button>
      </div>
      <div className="ed-toolbar__group">
        <button type="button" className="icon-button" onClick={() => file.current?.click()}>
          Import JSON
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Import a scenario JSON file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = ''; // The same file again is a new import.
            if (f) p.onImport(f);
          }}
        />
        <button
          type="button"
          className="icon-button"
          onClick={p.onExport}
          disabled={!p.canExport}
          title={
            p.canExport ? 'Download the document as a .json file' : 'Fix the JSON syntax first'
          }
        >
          Export JSON
        </button>
      </div>
      <div className="ed-toolbar__group ed-toolbar__end">
        {p.playBlocked ? (
          <span id={why} className="ed-toolbar__why">
            {p.playBlocked}
          </span>
        ) : null}
        <button
          type="button"
          className="icon-button"
          data-variant="primary"
          onClick={p.onPlay}
          disabled={p.playBlocked !== null}
          aria-describedby={p.playBlocked ? why : undefined}
        >
          <PlayIcon /> Play
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={p.onClose}
          aria-keyshortcuts="Escape"
        >
          <CloseIcon /> Close
        </button>
      </div>
    </div>
  );
}
