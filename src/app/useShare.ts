import { useState } from 'react';
import { useUiStore } from '../store/uiStore';
import { PlayerContext } from '../views/PlayerContext';
import type { BuiltinScenario } from './builtinScenarios';

type Links = { link: string; embed: string };

/**
 * The Share dialog's state: what is on screen when Share is pressed (scenario, micro-step, zoom,
 * opened ranges, pinned item, speed), a sentence saying so, and the links, made on demand by
 * the lazily loaded codec.
 */
export function useShare(scenario: BuiltinScenario, total: number) {
  const player = PlayerContext.useActorRef();
  const [shared, setShared] = useState<{ note: string; load: () => Promise<Links> } | null>(null);
  const open = () => {
    const ui = useUiStore.getState();
    const ctx = player.getSnapshot().context;
    const state = {
      doc: scenario.doc,
      at: ctx.position,
      zoom: ui.zoom,
      expanded: ui.expandedRanges,
      pinned: ui.pinned,
      speedIndex: ctx.speedIndex,
    };
    setShared({
      note: `Opens “${scenario.doc.title}” at micro-step ${state.at} of ${total}, as you see it now (zoom, opened ranges, pinned page, speed).`,
      load: () => import('./share').then((m) => m.shareLinks(state)),
    });
  };
  return { shared, open, close: () => setShared(null) };
}
