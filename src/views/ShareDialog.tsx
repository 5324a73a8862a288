import { useEffect, useId, useRef, useState } from 'react';
import './Dialog.css';
import './ShareDialog.css';

export interface ShareDialogProps {
  /** Builds the link and the embed snippet (the codec loads on demand). */
  load: () => Promise<{ link: string; embed: string }>;
  /** What the link opens, in words (e.g. the scenario and the micro-step). */
  note?: string;
  onClose: () => void;
}

type Copied = 'link' | 'embed' | 'failed' | null;

/**
 * Share: a link to this micro-step with this view, and an `<iframe>` snippet that embeds it.
 * Each has a Copy button; where the clipboard is refused the text is selected for Ctrl+C.
 */
export function ShareDialog({ load, note, onClose }: ShareDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [links, setLinks] = useState<{ link: string; embed: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [copied, setCopied] = useState<Copied>(null);
  const id = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    let live = true;
    load().then(
      (l) => live && setLinks(l),
      (e: unknown) => live && setProblem(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [load]);

  const copy = async (what: 'link' | 'embed', field: HTMLInputElement | HTMLTextAreaElement) => {
    try {
      await navigator.clipboard.writeText(field.value);
      setCopied(what);
    } catch {
      field.focus();
      field.select();
      setCopied('failed');
    }
  };

  return (
    <dialog
      ref={ref}
      className="dialog share"
      aria-labelledby={`${id}-title`}
      data-testid="share-dialog"
      onClose={onClose}
      onCancel={onClose}
    >
      <h2 id={`${id}-title`}>Share this scenario</h2>
      {note ? <p className="share__note">{note}</p> : null}
      {problem ? <p role="alert">The link could not be made: {problem}</p> : null}
      <CopyField
        id={`${id}-link`}
        label="Link to this step (scenario, step and view)"
        value={links?.link ?? 'Making the link…'}
        testId="share-link"
        button="Copy link"
        disabled={!links}
        onCopy={(field) => void copy('link', field)}
      />
      <CopyField
        id={`${id}-embed`}
        label="Embed in a course page (HTML)"
        value={links?.embed ?? ''}
        testId="share-embed"
        button="Copy embed code"
        disabled={!links}
        multiline
        onCopy={(field) => void copy('embed', field)}
      />
      <p className="share__status" aria-live="polite" data-testid="share-status">
        {copied === 'link'
          ? 'Link copied.'
          : copied === 'embed'
            ? 'Embed code copied.'
            : copied === 'failed'
              ? 'The browser did not allow copying: the text is selected, press Ctrl+C (⌘C).'
              : ''}
      </p>
      <div className="share__actions">
        <button type="button" className="icon-button" data-variant="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}

/** A read-only text (one line or several) with its label and a Copy button. */
function CopyField(p: {
  id: string;
  label: string;
  value: string;
  testId: string;
  button: string;
  disabled: boolean;
  multiline?: boolean;
  onCopy: (field: HTMLInputElement | HTMLTextAreaElement) => void;
}) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const common = {
    id: p.id,
    ref,
    readOnly: true,
    value: p.value,
    'data-testid': p.testId,
    onFocus: (e: React.FocusEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      e.currentTarget.select(),
  };
  return (
    <>
      <label className="share__label" htmlFor={p.id}>
        {p.label}
      </label>
      <div className="share__row">
        {p.multiline ? <textarea rows={4} {...common} /> : <input {...common} />}
        <button
          type="button"
          className="icon-button"
          disabled={p.disabled}
          onClick={() => ref.current && p.onCopy(ref.current)}
        >
          {p.button}
        </button>
      </div>
    </>
  );
}
