/** A stage key in words: `pte:A:3` → "A's entry for page 3", `frame:12` → "frame 12". */
export function entityLabel(key: string): string {
  const [kind, a, b] = key.split(':');
  if (kind === 'pte') return `${a}'s CPU entry, page ${b}`;
  if (kind === 'dpt') return `${a}'s device entry, page ${b}`;
  if (kind === 'hpt') return `${a}'s HMM entry, page ${b}`;
  if (kind === 'frame') return `frame ${a}`;
  return key;
}
