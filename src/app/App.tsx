import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useUiStore } from '../store/uiStore';
import { AppHeader } from '../views/AppHeader';
import { CompareIcon } from '../views/compare/CompareIcon';
import { HeaderButton } from '../views/HeaderButton';
import { EditIcon, GalleryIcon, LearnIcon, ShareIcon } from '../views/icons';
import { PlayerContext } from '../views/PlayerContext';
import { ScenarioPicker } from '../views/ScenarioPicker';
import { TimelineBar } from '../views/TimelineBar';
import { applyLinkView } from './applyLinkView';
import { BUILTIN_SCENARIOS, type BuiltinScenario } from './builtinScenarios';
import type { Rescheduled } from './race/useRaceReschedule';
import { EmbedBar } from './EmbedBar';
import { type OpenAt, Player, usePlayerLoad, useRun } from './Player';
import { pickerGroups } from './pickerGroups';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { useLibrary } from './useLibrary';
import { useRoute } from './useRoute';
import { type LinkPlace, useScenarioFromUrl } from './useScenarioFromUrl';
import { useLiveUrl } from './useLiveUrl';
import { useShare } from './useShare';
import { useSystemPreferences } from './useSystemPreferences';
import './App.css';

export interface AppProps {
  /**
   * Scenarios offered by the picker; the first opens. By default the embedded default scenario,
   * then the library (loaded after the first render).
   */
  scenarios?: readonly BuiltinScenario[];
  /** Stage, narration and timeline only, for an `<iframe>` (default: `?embed` in the URL). */
  embed?: boolean;
}

/** Mark used by `npm run bench` to time the first render of the built site. */
export const FIRST_RENDER_MARK = 'hmm-lab:first-render';
/** The entry the editor's Play puts on stage (one at a time). */
export const DRAFT_ID = 'draft';

const ShortcutsDialog = lazy(() =>
  import('../views/ShortcutsDialog').then((m) => ({ default: m.ShortcutsDialog })),
);
const LinkErrorBanner = lazy(() =>
  import('../views/LinkErrorBanner').then((m) => ({ default: m.LinkErrorBanner })),
);
const ShareDialog = lazy(() =>
  import('../views/ShareDialog').then((m) => ({ default: m.ShareDialog })),
);
const GalleryPage = lazy(() => import('./GalleryPage').then((m) => ({ default: m.GalleryPage })));
const EditorPage = lazy(() => import('./EditorPage').then((m) => ({ default: m.EditorPage })));
const ComparePage = lazy(() => import('./ComparePage').then((m) => ({ default: m.ComparePage })));
const GmemComparePage = lazy(() =>
  import('./compare/gmemPage').then((m) => ({ default: m.GmemComparePage })),
);
const WalkthroughPage = lazy(() =>
  import('./walkthrough/WalkthroughPage').then((m) => ({ default: m.WalkthroughPage })),
);
const InvariantsPage = lazy(() =>
  import('../views/invariants/InvariantsPage').then((m) => ({ default: m.InvariantsPage })),
);

const isEmbedUrl = () =>
  typeof window !== 'undefined' && new URLSearchParams(window.location.search).has('embed');

function Shell({
  given,
  embed,
}: {
  given: readonly BuiltinScenario[] | undefined;
  embed: boolean;
}) {
  // Once opened, the dialog stays mounted, so closing it returns the focus where it was.
  const shortcutsOpen = useUiStore((s) => s.shortcutsOpen);
  const [shortcutsWanted, setShortcutsWanted] = useState(false);
  if (shortcutsOpen && !shortcutsWanted) setShortcutsWanted(true);
  const { page, invariant, comparison, learn, go } = useRoute();
  const library = useLibrary(given === undefined);
  const [draft, setDraft] = useState<BuiltinScenario | null>(null);
  const [openAt, setOpenAt] = useState<OpenAt | null>(null);
  const [scenarioId, setScenarioId] = useState((given ?? BUILTIN_SCENARIOS)[0]?.id ?? '');
  const openLink = useCallback(
    (id: string, place: LinkPlace) => {
      setScenarioId(id);
      setOpenAt({ id, at: place.at, speedIndex: place.view?.speed });
      applyLinkView(place.view);
      if (!embed) go('player');
    },
    [embed, go],
  );
  // A link that cannot be opened leaves the stage as it was and shows the gallery to pick from.
  const linkFailed = useCallback(() => !embed && go('gallery', { replace: true }), [embed, go]);
  const resolveLink = useCallback(
    async (doc: BuiltinScenario['doc']) => {
      const [{ sameScenario }, offered] = await Promise.all([
        import('./sameScenario'),
        given ?? import('../scenarios/library/index').then((m) => m.LIBRARY),
      ]);
      return offered.find((s) => sameScenario(s.doc, doc))?.id ?? null;
    },
    [given],
  );
  const link = useScenarioFromUrl(openLink, linkFailed, resolveLink);
  const base = given ?? (library.status === 'ready' ? library.entries : BUILTIN_SCENARIOS);
  const scenarios = useMemo(
    () => [...base, ...link.scenarios, ...(draft ? [draft] : [])],
    [base, link.scenarios, draft],
  );
  const scenario = scenarios.find((s) => s.id === scenarioId) ?? scenarios[0]!;
  const run = useRun(scenario);
  usePlayerLoad(scenario, run.timeline, openAt);

  useSystemPreferences();
  useKeyboardShortcuts(page === 'player');

  useEffect(() => {
    if (performance.getEntriesByName(FIRST_RENDER_MARK).length === 0) {
      performance.mark(FIRST_RENDER_MARK);
    }
  }, []);

  const open = (id: string) => {
    setScenarioId(id);
    go('player');
  };
  const play = (doc: BuiltinScenario['doc']) => {
    setDraft({ id: DRAFT_ID, doc });
    setReplayOf(null);
    open(DRAFT_ID);
  };
  // Another interleaving of the race on stage: played as the draft, landing on the chosen turn;
  // the scenario it came from is remembered for the panel's "As recorded".
  const [replayOf, setReplayOf] = useState<BuiltinScenario['doc'] | null>(null);
  const reschedule = (next: Rescheduled) => {
    setReplayOf(scenario.id === DRAFT_ID && replayOf ? replayOf : scenario.doc);
    setDraft({ id: DRAFT_ID, doc: next.doc });
    setScenarioId(DRAFT_ID);
    setOpenAt({ id: DRAFT_ID, at: next.position });
  };
  const share = useShare(scenario, Math.max(0, run.timeline.frames.length - 1));
  useLiveUrl(page === 'player' && !embed, scenario, (given ?? BUILTIN_SCENARIOS)[0]?.id ?? '');

  return (
    <div className={embed ? 'app app--embed' : 'app'}>
      {embed ? (
        <EmbedBar title={scenario.doc.title} />
      ) : (
        <AppHeader>
          <ScenarioPicker
            groups={pickerGroups(scenarios, DRAFT_ID)}
            value={scenario.id}
            onChange={open}
          />
          <HeaderButton
            label="Gallery"
            testId="gallery-button"
            current={page === 'gallery'}
            onClick={() => go('gallery')}
          >
            <GalleryIcon />
          </HeaderButton>
          <HeaderButton
            label="Edit"
            testId="editor-button"
            current={page === 'editor'}
            onClick={() => go('editor')}
          >
            <EditIcon />
          </HeaderButton>
          <HeaderButton
            label="Compare"
            testId="compare-button"
            current={page === 'compare'}
            onClick={() => go('compare')}
          >
            <CompareIcon />
          </HeaderButton>
          <HeaderButton
            label="Learn"
            testId="learn-button"
            current={page === 'learn'}
            onClick={() => go('learn')}
          >
            <LearnIcon />
          </HeaderButton>
          <HeaderButton label="Share" testId="share-button" onClick={share.open}>
            <ShareIcon />
          </HeaderButton>
        </AppHeader>
      )}
      {page === 'gallery' && !embed ? (
        <Suspense fallback={<main className="app__loading">Loading the gallery…</main>}>
          <GalleryPage
            library={given ? { status: 'ready', entries: given } : library}
            current={scenario.id}
            currentTitle={scenario.doc.title}
            onOpen={open}
            onBack={() => go('player')}
          />
        </Suspense>
      ) : page === 'invariants' && !embed ? (
        <Suspense fallback={<main className="app__loading">Loading the invariants…</main>}>
          <InvariantsPage focus={invariant} onBack={() => go('player')} />
        </Suspense>
      ) : page === 'editor' && !embed ? (
        <Suspense fallback={<main className="app__loading">Loading the editor…</main>}>
          <EditorPage initial={scenario.doc} onPlay={play} onClose={() => go('player')} />
        </Suspense>
      ) : page === 'compare' && comparison !== null && !embed ? (
        <Suspense fallback={<main className="app__loading">Loading the comparison…</main>}>
          <GmemComparePage id={comparison} onBack={() => go('player')} />
        </Suspense>
      ) : page === 'learn' && learn !== null && !embed ? (
        <Suspense fallback={<main className="app__loading">Loading the walkthrough…</main>}>
          <WalkthroughPage route={learn} onBack={() => go('player')} />
        </Suspense>
      ) : page === 'compare' && !embed ? (
        <Suspense fallback={<main className="app__loading">Loading the comparison…</main>}>
          <ComparePage doc={scenario.doc} onBack={() => go('player')} />
        </Suspense>
      ) : (
        <Player
          scenario={scenario}
          timeline={run.timeline}
          problem={run.problem}
          original={scenario.id === DRAFT_ID ? (replayOf ?? undefined) : undefined}
          onReschedule={reschedule}
        />
      )}
      {page === 'player' || embed ? (
        <footer className="app__footer">
          <TimelineBar marks={run.marks} />
        </footer>
      ) : null}
      {/* Loaded the first time they are needed: not part of the first visit's JavaScript. */}
      <Suspense fallback={null}>
        {shortcutsWanted ? <ShortcutsDialog /> : null}
        {share.shared ? (
          <ShareDialog load={share.shared.load} note={share.shared.note} onClose={share.close} />
        ) : null}
        {link.error ? (
          <LinkErrorBanner errors={link.error.errors} onDismiss={link.dismiss} />
        ) : null}
      </Suspense>
    </div>
  );
}

/** The whole app: the player actor around the shell. */
export function App({ scenarios, embed = isEmbedUrl() }: AppProps) {
  return (
    <PlayerContext.Provider>
      <Shell given={scenarios} embed={embed} />
    </PlayerContext.Provider>
  );
}
