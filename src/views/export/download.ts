/** Saves a Blob as a file: an `<a download>` clicked once (no server round trip, no popup). */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export const svgBlob = (text: string) => new Blob([text], { type: 'image/svg+xml;charset=utf-8' });
