/**
 * The exports the menu offers, from drawing to download. Loaded when the reader first exports
 * (not with the player's JavaScript). Long ones report progress and yield to the browser between
 * frames, so the page never freezes without a word.
 */
import type { StageExtent } from '../geometry/extent';
import type { StageLayout } from '../geometry/stageLayout';
import type { Timeline } from '../timeline';
import { animatedSvg, captionChars, type AnimationFrame } from './animate';
import { frameCaption, frameRange, frameTitle, MAX_FRAMES } from './caption';
import { downloadBlob, svgBlob } from './download';
import { exportName, sequenceName } from './fileNames';
import { offscreenStage } from './renderFrames';
import { serializeSvg, stageContent, themeBackground, themeText } from './serializeSvg';
import { svgToPng } from './svgToPng';
import { zipStore, type ZipEntry } from './zip';

export type ExportKind = 'svg' | 'png' | 'step-animation' | 'animation' | 'png-zip';

export interface ExportSource {
  title: string;
  timeline: Timeline;
  extent: StageExtent;
  layout: StageLayout;
  /** The frame on screen. */
  position: number;
}

const nextTask = () => new Promise<void>((r) => setTimeout(r, 0));

/** Runs one export; returns what to tell the reader when it is done. */
export async function runExport(
  kind: ExportKind,
  src: ExportSource,
  progress: (text: string) => void,
): Promise<string> {
  const { timeline, title } = src;
  const frames = timeline.frames;
  const at = Math.max(0, Math.min(src.position, frames.length - 1));
  if (!frames[at]) throw new Error('nothing on stage');
  const stage = offscreenStage(src.extent, src.layout);
  try {
    if (kind === 'svg' || kind === 'png') {
      progress('Drawing the stage…');
      await nextTask();
      const text = serializeSvg(stage.draw(frames, at), { title: frameTitle(title, frames[at]) });
      const name = exportName(title, `frame-${at}`, kind);
      downloadBlob(kind === 'svg' ? svgBlob(text) : await svgToPng(text), name);
      return `Saved ${name}.`;
    }
    const range = frameRange(frames, at, kind === 'step-animation' ? 'step' : 'all');
    const total = range.to - range.from;
    const cap = range.dropped
      ? ` (the first ${MAX_FRAMES} frames; ${range.dropped} more left out)`
      : '';
    const animation: AnimationFrame[] = [];
    const zip: ZipEntry[] = [];
    const captions: string[] = [];
    for (let i = range.from; i < range.to; i++) {
      const n = i - range.from + 1;
      progress(`Rendering frame ${n} of ${total}…`);
      await nextTask();
      const el = stage.draw(frames, i);
      if (kind === 'png-zip') {
        const text = serializeSvg(el, { title: frameTitle(title, frames[i]!) });
        const png = await svgToPng(text);
        const file = sequenceName(n, total, 'png');
        zip.push({ name: file, data: new Uint8Array(await png.arrayBuffer()) });
        captions.push(`${file}\t${frameCaption(frames[i]!, 1e6).join(' — ')}`);
      } else {
        const content = stageContent(el, `f${i}-`);
        animation.push({ content, caption: frameCaption(frames[i]!, captionChars(content.width)) });
      }
    }
    progress('Writing the file…');
    await nextTask();
    if (kind === 'png-zip') {
      const readme = `${title}\n\nOne PNG per micro-step${cap}.\n\n${captions.join('\n')}\n`;
      zip.push({ name: 'captions.txt', data: new TextEncoder().encode(readme) });
      const name = exportName(title, 'frames', 'zip');
      downloadBlob(new Blob([zipStore(zip) as BlobPart], { type: 'application/zip' }), name);
      return `Saved ${name}: ${total} images${cap}.`;
    }
    const what = kind === 'step-animation' ? `step-${(frames[at]!.step ?? 0) + 1}` : 'animated';
    const text = animatedSvg(document, animation, {
      title: `${title} — ${total} frames`,
      background: themeBackground(),
      text: themeText(),
    });
    const name = exportName(title, what, 'svg');
    downloadBlob(svgBlob(text), name);
    return `Saved ${name}: ${total} frames${cap}.`;
  } finally {
    stage.dispose();
  }
}
