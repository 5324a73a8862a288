/**
 * The walkthroughs page (`#learn…`, loaded lazily): the list, one walkthrough as a student or a
 * presenter, its printable handout, or a walkthrough shared by link. A walkthrough that does
 * not load — a damaged link, a library file that fails its checks — says why in words and
 * leaves the way back open; it never takes the app down.
 */
import { useMemo, useState } from 'react';
import type { ScenarioDoc } from '../../engine/trace';
import type { ScenarioError } from '../../scenarios/load';
import { formatError } from '../../scenarios/load';
import {
  checkOnTimeline,
  libraryScenario,
  validateWalkthrough,
  WALKTHROUGHS,
  walkthroughById,
  type WalkthroughDoc,
} from '../../scenarios/walkthroughs';
import { LEARN_HASH, type LearnRoute } from '../../scenarios/walkthroughs/route';
import { planWalkthrough } from '../../scenarios/walkthroughs/session';
import { decodeWalkthroughLink, encodeWalkthroughLink } from '../../url/walkthroughLink';
import { linkCheck } from '../../url/codec';
import { WalkthroughList } from '../../views/walkthrough/WalkthroughList';
import { buildTimeline } from '../buildTimeline';
import { listItems } from './listItems';
import { WalkthroughRun } from './WalkthroughRun';
import { HandoutPage } from './HandoutPage';
import '../../views/walkthrough/Walkthrough.css';

type Loaded =
  | { ok: true; id: string; doc: WalkthroughDoc; scenario: ScenarioDoc; shared: boolean }
  | { ok: false; message: string; errors?: readonly ScenarioError[] };

function load(route: Exclude<LearnRoute, { kind: 'list' }>): Loaded {
  if (route.kind === 'shared') {
    const r = decodeWalkthroughLink(route.fragment);
    if (!r.ok) return { ok: false, message: r.message, errors: r.errors };
    // Progress of a shared walkthrough is kept under its link's check (same link, same progress).
    return {
      ok: true,
      id: `shared-${linkCheck(route.fragment)}`,
      doc: r.doc,
      scenario: r.scenario,
      shared: true,
    };
  }
  const entry = walkthroughById(route.id);
  if (!entry) return { ok: false, message: `There is no walkthrough named “${route.id}”.` };
  if (!entry.load.ok)
    return {
      ok: false,
      message: `The walkthrough “${route.id}” does not load.`,
      errors: entry.load.errors,
    };
  return {
    ok: true,
    id: entry.id,
    doc: entry.load.doc,
    scenario: entry.load.scenario,
    shared: false,
  };
}

function Problem({ message, errors }: { message: string; errors?: readonly ScenarioError[] }) {
  return (
    <main className="walk-problem" data-testid="walk-problem">
      <h1>This walkthrough cannot be opened</h1>
      <p role="alert">{message}</p>
      {errors && errors.length > 0 ? (
        <ul className="walk-problem__errors">
          {errors.slice(0, 20).map((e, i) => (
            <li key={i}>
              <code>{formatError(e)}</code>
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <a href={LEARN_HASH}>See the walkthroughs</a>
      </p>
    </main>
  );
}

function Walkthrough({
  route,
  onBack,
}: {
  route: Exclude<LearnRoute, { kind: 'list' }>;
  onBack: () => void;
}) {
  const loaded = useMemo(() => load(route), [route]);
  const run = useMemo(() => {
    if (!loaded.ok) return null;
    try {
      const timeline = buildTimeline(loaded.scenario);
      const plan = planWalkthrough(loaded.doc, timeline.frames);
      return { timeline, plan, errors: plan ? [] : checkOnTimeline(loaded.doc, timeline.frames) };
    } catch (e) {
      return {
        timeline: null,
        plan: null,
        errors: [{ path: '', message: e instanceof Error ? e.message : String(e) }],
      };
    }
  }, [loaded]);
  if (!loaded.ok) return <Problem message={loaded.message} errors={loaded.errors} />;
  if (!run?.timeline || !run.plan)
    return <Problem message="The walkthrough does not fit its scenario." errors={run?.errors} />;
  const mode = route.kind === 'library' ? route.mode : 'learn';
  if (mode === 'handout')
    return <HandoutPage id={loaded.id} doc={loaded.doc} timeline={run.timeline} />;
  return (
    <WalkthroughRun
      key={`${loaded.id}-${mode}`}
      id={loaded.id}
      doc={loaded.doc}
      scenario={loaded.scenario}
      timeline={run.timeline}
      plan={run.plan}
      presenterAtStart={mode === 'present'}
      shared={loaded.shared}
      onBack={onBack}
    />
  );
}

/**
 * A teacher's own walkthrough file: checked, then on its scenario's timeline; if it fits, it
 * opens from a link that carries it whole (so it can be shared as it is).
 */
function openFile(text: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return [`It is not JSON: ${e instanceof Error ? e.message : String(e)}`];
  }
  const r = validateWalkthrough(json, libraryScenario);
  if (!r.ok) return r.errors.map(formatError);
  try {
    const errors = checkOnTimeline(r.doc, buildTimeline(r.scenario).frames);
    if (errors.length > 0) return errors.map(formatError);
  } catch (e) {
    return [`Its scenario does not run: ${e instanceof Error ? e.message : String(e)}`];
  }
  window.location.hash = encodeWalkthroughLink(r.doc, r.scenario);
  return [];
}

export function WalkthroughPage({ route, onBack }: { route: LearnRoute; onBack: () => void }) {
  const [fileErrors, setFileErrors] = useState<string[]>([]);
  if (route.kind === 'list')
    return (
      <WalkthroughList
        onOpenFile={(text) => setFileErrors(openFile(text))}
        fileErrors={fileErrors}
        items={listItems(WALKTHROUGHS)}
        broken={WALKTHROUGHS.flatMap((w) =>
          w.load.ok ? [] : [{ id: w.id, why: w.load.errors.map(formatError).join('; ') }],
        )}
        onBack={onBack}
      />
    );
  return <Walkthrough route={route} onBack={onBack} />;
}
