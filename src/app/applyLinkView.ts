import { ZOOM_STEPS, type Zoom } from '../store/slices/stageSlice';
import { useUiStore } from '../store/uiStore';
import type { LinkView } from '../url/codec';
import { parseInspectKey } from '../views/stage/inspectKeys';

/**
 * Puts the stage as a link describes it: zoom, opened ranges, pinned item. What the link does
 * not say is reset, so a link always shows the same thing; a value this version does not know
 * (a zoom that is not one of the steps) is ignored.
 */
export function applyLinkView(view: LinkView | undefined): void {
  const zoom: Zoom =
    typeof view?.zoom === 'number' && (ZOOM_STEPS as readonly number[]).includes(view.zoom)
      ? (view.zoom as Zoom)
      : 'fit';
  useUiStore.setState({
    zoom,
    expandedRanges: view?.expanded ? [...view.expanded] : [],
    pinned: parseInspectKey(view?.pinned ?? null),
    hovered: null,
  });
}
