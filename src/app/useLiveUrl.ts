import { useEffect } from 'react';
import { DEFAULT_SPEED_INDEX } from '../machines/playerMachine';
import { useUiStore } from '../store/uiStore';
import { PlayerContext } from '../views/PlayerContext';
import type { BuiltinScenario } from './builtinScenarios';
import { LINK_HASH_PREFIX } from './useScenarioFromUrl';

/** How long the reader must stop stepping before the address bar catches up. */
export const LIVE_URL_MS = 400;

/**
 * Keeps the address bar a link to what is on screen (scenario, micro-step, view), as Python
 * Tutor does: copy it from the browser and it opens here. Replaced in place (no history entry
 * per step), once stepping pauses; never over the gallery's or the editor's address, and not
 * while nothing was changed on a first visit (the address stays plain).
 */
export function useLiveUrl(enabled: boolean, scenario: BuiltinScenario, firstId: string) {
  const player = PlayerContext.useActorRef();
  useEffect(() => {
    if (!enabled) return;
    let timer = 0;
    let ticket = 0;
    let last = '';
    const update = () => {
      const hash = window.location.hash;
      if (hash !== '' && !hash.startsWith(LINK_HASH_PREFIX)) return;
      const ui = useUiStore.getState();
      const ctx = player.getSnapshot().context;
      const pristine =
        hash === '' &&
        scenario.id === firstId &&
        ctx.position === 0 &&
        ui.zoom === 'fit' &&
        ui.expandedRanges.length === 0 &&
        ui.pinned === null &&
        ctx.speedIndex === DEFAULT_SPEED_INDEX;
      if (pristine) return;
      // Hovering changes the UI store too: only what a link carries counts.
      const key = JSON.stringify([
        scenario.id,
        ctx.position,
        ui.zoom,
        ui.expandedRanges,
        ui.pinned,
        ctx.speedIndex,
        hash,
      ]);
      if (key === last) return;
      last = key;
      const mine = ++ticket;
      const state = {
        doc: scenario.doc,
        at: ctx.position,
        zoom: ui.zoom,
        expanded: ui.expandedRanges,
        pinned: ui.pinned,
        speedIndex: ctx.speedIndex,
      };
      void import('./share')
        .then((m) => m.linkFragment(state))
        .then((fragment) => {
          // Only the newest wins, and only if the reader is still on the player.
          if (mine !== ticket) return;
          const now = window.location.hash;
          if (now !== '' && !now.startsWith(LINK_HASH_PREFIX)) return;
          if (now === fragment) return;
          const url = window.location.pathname + window.location.search + fragment;
          window.history.replaceState(window.history.state, '', url);
        })
        .catch(() => {
          // A link that cannot be made (the chunk failed to load) leaves the address as it is.
        });
    };
    const schedule = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, LIVE_URL_MS);
    };
    const sub = player.subscribe(schedule);
    const unsub = useUiStore.subscribe(schedule);
    schedule();
    return () => {
      window.clearTimeout(timer);
      ticket++;
      sub.unsubscribe();
      unsub();
    };
  }, [enabled, scenario, firstId, player]);
}
