/** Small helpers that keep narrations short and uniform. */

/** "page 3" or "pages 0–7" for [start, end). */
export function rangeText(start: number, end: number): string {
  return end - start === 1 ? `page ${start}` : `pages ${start}–${end - 1}`;
}

/** "1 page" / "3 pages" ("1 entry" / "2 entries" with an explicit plural). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A compact description of a set of page numbers: "pages 0–3, 7". */
export function pagesText(pages: readonly number[]): string {
  if (pages.length === 0) return 'no page';
  const sorted = [...pages].sort((a, b) => a - b);
  const parts: string[] = [];
  let lo = sorted[0] as number;
  let prev = lo;
  const flush = () => parts.push(lo === prev ? `${lo}` : `${lo}–${prev}`);
  for (let i = 1; i < sorted.length; i++) {
    const p = sorted[i] as number;
    if (p === prev + 1) {
      prev = p;
      continue;
    }
    flush();
    lo = prev = p;
  }
  flush();
  if (parts.length > 4) return plural(sorted.length, 'page');
  return `${sorted.length === 1 ? 'page' : 'pages'} ${parts.join(', ')}`;
}
