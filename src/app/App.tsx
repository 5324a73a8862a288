import { useEffect, useMemo, useState } from 'react';
import { PlayerContext } from '../views/PlayerContext';
import { AppHeader } from '../views/AppHeader';
import { NarrationPanel } from '../views/NarrationPanel';
import { ScenarioPicker } from '../views/ScenarioPicker';
import type { ScenarioOutline } from '../views/scenarioOutline';
import { ShortcutsDialog } from '../views/ShortcutsDialog';
import { Stage } from '../views/Stage';
import { TimelineBar } from '../views/TimelineBar';
import { BUILTIN_SCENARIOS } from './builtinScenarios';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { useSystemPreferences } from './useSystemPreferences';
import './App.css';

export interface AppProps {
  /** Scenarios offered by the picker; the first opens. Defaults to the built-in ones. */
  scenarios?: readonly ScenarioOutline[];
}

/** Mark used by `npm run bench` to time the first render of the built site. */
export const FIRST_RENDER_MARK = 'hmm-lab:first-render';

function Shell({ scenarios }: { scenarios: readonly ScenarioOutline[] }) {
  const [scenarioId, setScenarioId] = useState(scenarios[0]?.id ?? '');
  const scenario = useMemo(
    () => scenarios.find((s) => s.id === scenarioId) ?? scenarios[0]!,
    [scenarios, scenarioId],
  );
  const player = PlayerContext.useActorRef();
  const position = PlayerContext.useSelector((s) => s.context.position);

  useSystemPreferences();
  useKeyboardShortcuts();

  useEffect(() => {
    player.send({ type: 'player.load', total: scenario.steps.length });
  }, [player, scenario]);

  useEffect(() => {
    if (performance.getEntriesByName(FIRST_RENDER_MARK).length === 0) {
      performance.mark(FIRST_RENDER_MARK);
    }
  }, []);

  return (
    <div className="app">
      <AppHeader>
        <ScenarioPicker scenarios={scenarios} value={scenario.id} onChange={setScenarioId} />
      </AppHeader>
      <main className="app__main">
        <Stage title={scenario.title} />
        <NarrationPanel
          scenario={scenario}
          position={position}
          onSeek={(p) => player.send({ type: 'player.seek', position: p })}
        />
      </main>
      <footer className="app__footer">
        <TimelineBar />
      </footer>
      <ShortcutsDialog />
    </div>
  );
}

/** The whole app: the player actor around the shell. */
export function App({ scenarios = BUILTIN_SCENARIOS }: AppProps) {
  return (
    <PlayerContext.Provider options={{ input: { total: scenarios[0]?.steps.length ?? 0 } }}>
      <Shell scenarios={scenarios} />
    </PlayerContext.Provider>
  );
}
