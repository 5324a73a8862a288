/**
 * The links the Share dialog offers: the app at the current micro-step with the current view,
 * and the same in embed mode as an `<iframe>` snippet. The codec loads lazily (its own chunk).
 */
import type { ScenarioDoc } from '../engine';
import { DEFAULT_SPEED_INDEX } from '../machines/playerMachine';
import type { InspectTarget, Zoom } from '../store/slices/stageSlice';
import { targetKey } from '../views/stage/inspectKeys';

export interface ShareState {
  doc: ScenarioDoc;
  at: number;
  zoom: Zoom;
  expanded: readonly string[];
  pinned: InspectTarget | null;
  speedIndex: number;
}

/** `'` `"` `<` `>` `&` escaped: the title is the user's text, the snippet is HTML. */
export const escapeAttr = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** This page's address without fragment or query: where links point. */
export const appBase = () => window.location.origin + window.location.pathname;

/** The link's fragment (`#s=1.…`) for what is on screen. */
export async function linkFragment(s: ShareState): Promise<string> {
  const { encodeLink } = await import('../url/codec');
  const view = {
    ...(s.zoom !== 'fit' ? { zoom: s.zoom } : {}),
    ...(s.expanded.length > 0 ? { expanded: [...s.expanded] } : {}),
    ...(s.pinned ? { pinned: targetKey(s.pinned) } : {}),
    ...(s.speedIndex !== DEFAULT_SPEED_INDEX ? { speed: s.speedIndex } : {}),
  };
  return encodeLink({
    scenario: s.doc,
    ...(s.at > 0 ? { at: s.at } : {}),
    ...(Object.keys(view).length > 0 ? { view } : {}),
  });
}

export async function shareLinks(s: ShareState): Promise<{ link: string; embed: string }> {
  const fragment = await linkFragment(s);
  const base = appBase();
  const src = `${base}?embed${fragment}`;
  const title = escapeAttr(`HMM Lab: ${s.doc.title}`);
  return {
    link: base + fragment,
    embed: `<iframe src="${escapeAttr(src)}" title="${title}" width="100%" height="600" style="border:0" loading="lazy"></iframe>`,
  };
}
