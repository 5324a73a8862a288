import { pngSize } from './caption';

/**
 * An SVG file's text as a PNG: decoded by an `<img>` (the browser's own SVG renderer), drawn on
 * a canvas `scale` times larger (2 by default: sharp on a projector). The SVG must be
 * standalone (serializeSvg): an image never sees the page's style sheets.
 */
export async function svgToPng(svgText: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the SVG did not load as an image'));
      img.src = url;
    });
    const size = pngSize(img.naturalWidth || img.width, img.naturalHeight || img.height, scale);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas in this browser');
    ctx.drawImage(img, 0, 0, size.width, size.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('the canvas gave no PNG'))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
