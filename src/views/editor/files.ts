/** Import and export of a document as a .json file (a Blob URL; no server involved). */

/** Larger files are refused: the format's limits keep a real document far below this. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** `Migrate to device, then…` → `migrate-to-device-then.json`. */
export function fileNameFor(title: unknown): string {
  const slug =
    typeof title === 'string'
      ? title
          .toLowerCase()
          .normalize('NFKD')
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-+|-+$/g, '')
          .slice(0, 60)
      : '';
  return `${slug || 'scenario'}.json`;
}

/** Starts a download of `text`; returns an error sentence when the browser cannot. */
export function downloadJson(text: string, name: string): string | null {
  if (typeof URL.createObjectURL !== 'function') return 'this browser cannot save files';
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start the download after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}

/** The text of a picked file, or an error sentence. */
export async function readFileText(file: File): Promise<{ text: string } | { error: string }> {
  if (file.size > MAX_IMPORT_BYTES)
    return {
      error: `${file.name} is too large (${Math.round(file.size / 1024)} KiB; at most 5 MiB)`,
    };
  try {
    return { text: await file.text() };
  } catch (e) {
    return { error: `${file.name} could not be read (${(e as Error).message})` };
  }
}
