/**
 * What a beat of an HMM-vs-GMEM comparison means: what core mm and the driver do on each side,
 * how many driver code paths a real driver writes for it (this beat, and so far), and what the
 * December 2023 thread said about it (domain.md §5.1), each claim next to its counter-argument.
 */
import type { Beat, DebateQuote } from '../../scenarios/comparisons/schema';
import { SIDE_TITLE, type GmemSide } from './GmemPane';

export interface PathCounts {
  readonly hmm: number;
  readonly gmem: number;
}

export interface GmemBeatPanelProps {
  beat: Beat;
  index: number;
  total: number;
  perBeat: PathCounts;
  soFar: PathCounts;
  /** Every distinct path of each side over the whole comparison. */
  all: PathCounts;
}

const SIDES: readonly GmemSide[] = ['hmm', 'gmem'];
const STANCE: Record<DebateQuote['stance'], string> = {
  gmem: 'For GMEM',
  hmm: 'For HMM',
  context: 'Context',
};

function Paths({ beat, side, counts }: { beat: Beat; side: GmemSide; counts: GmemBeatPanelProps }) {
  const paths = beat.driverPaths[side];
  return (
    <div className="gmem-paths__side" data-testid={`driver-paths-${side}`}>
      <p className="gmem-paths__count">
        <strong>{SIDE_TITLE[side]}</strong>:{' '}
        <span data-testid={`driver-paths-${side}-beat`}>{counts.perBeat[side]}</span> this beat ·{' '}
        <span data-testid={`driver-paths-${side}-sofar`}>{counts.soFar[side]}</span> so far, of{' '}
        {counts.all[side]}
      </p>
      {paths.length > 0 ? (
        <ul>
          {paths.map((p) => (
            <li key={p}>
              <code>{p}</code>
            </li>
          ))}
        </ul>
      ) : (
        <p className="gmem-paths__none">No driver code runs in this beat.</p>
      )}
    </div>
  );
}

function Debate({ quotes }: { quotes: readonly DebateQuote[] }) {
  return (
    <section className="gmem-debate" aria-label="The debate (domain.md §5.1)">
      <h4>What the thread said (December 2023, seed 002)</h4>
      <ol className="gmem-debate__list">
        {quotes.map((q) => (
          <li key={`${q.where} ${q.said}`} data-stance={q.stance} data-testid="debate-quote">
            <span className="gmem-debate__stance">{STANCE[q.stance]}</span>
            <blockquote>
              <p>&ldquo;{q.said}&rdquo;</p>
            </blockquote>
            <p className="gmem-debate__who">
              — {q.who}, <cite>{q.where}</cite>
            </p>
            <p className="gmem-debate__point">{q.point}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

export function GmemBeatPanel(props: GmemBeatPanelProps) {
  const { beat, index, total } = props;
  return (
    // Scrollable (its height is capped): focusable, so keyboard users can scroll it (axe).
    <section
      className="gmem-beat"
      aria-labelledby="gmem-beat-title"
      data-testid="gmem-beat"
      tabIndex={0}
    >
      <h3 id="gmem-beat-title">
        Beat {index + 1} of {total}: {beat.title}
      </h3>
      <div className="gmem-beat__grid">
        <table className="gmem-layers" data-testid="gmem-layers">
          <caption>What each layer does</caption>
          <thead>
            <tr>
              <td />
              {SIDES.map((s) => (
                <th key={s} scope="col">
                  {SIDE_TITLE[s]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(['core', 'driver'] as const).map((layer) => (
              <tr key={layer}>
                <th scope="row">{layer === 'core' ? 'Core mm' : 'Driver'}</th>
                {SIDES.map((s) => (
                  <td key={s} data-side={SIDE_TITLE[s]}>
                    {beat.layers[s][layer]}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <section className="gmem-paths" aria-label="Driver code paths">
          <h4>Driver code paths a real driver writes</h4>
          {SIDES.map((s) => (
            <Paths key={s} beat={beat} side={s} counts={props} />
          ))}
        </section>
        {beat.debate && beat.debate.length > 0 ? <Debate quotes={beat.debate} /> : null}
      </div>
    </section>
  );
}
