/** File names of exports: `hmm-lab-<scenario-slug>-frame-<n>.svg` and the like. */

/** Lower-case ASCII words joined by `-`; what a title is made of that a file system accepts. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'scenario';
}

export const exportName = (title: string, what: string, ext: string) =>
  `hmm-lab-${slugify(title)}-${what}.${ext}`;

/** The n-th picture of a sequence (1-based), padded so that the files sort in order. */
export const sequenceName = (n: number, total: number, ext: string) =>
  `frame-${String(n).padStart(Math.max(3, String(total).length), '0')}.${ext}`;
