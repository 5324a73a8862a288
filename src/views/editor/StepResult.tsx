/**
 * What the kernel answered for one step, shown beside it: `ret` (with its errno name when the
 * op failed: a kernel result, not a mistake in the document), the signal of a CPU access, and
 * briefly the counters, data and snapshot bytes. Long lists are cut, the count kept.
 */
import type { StepResult as Result } from '../../engine';
import { decodeProt, hexByte } from '../stage/describe';
import { DUMMY_COUNTERS } from '../stage/describe2015';

const SHOWN = 8;

function brief(list: readonly number[], fmt: (n: number) => string = String): string {
  const head = list.slice(0, SHOWN).map(fmt).join(', ');
  return list.length > SHOWN ? `[${head}, … ${list.length - SHOWN} more]` : `[${head}]`;
}

export function StepResult({ result, stale }: { result: Result | undefined; stale: boolean }) {
  if (!result) return null;
  const failed = result.ret < 0;
  const parts: string[] = [];
  if (result.signal)
    parts.push(
      `${result.signal}${result.signalPage !== undefined ? ` at page ${result.signalPage}` : ''}`,
    );
  if (result.cpages !== undefined) parts.push(`cpages ${result.cpages}`);
  if (result.faults !== undefined) parts.push(`faults ${result.faults}`);
  // 2015 dummy driver: the ioctl's counters, by their uapi names.
  const dummy = result.dummy;
  if (dummy) for (const k of DUMMY_COUNTERS) parts.push(`${k} ${dummy[k]}`);
  if (result.data) parts.push(`data ${brief(result.data)}`);
  return (
    <div
      className="ed-result"
      data-failed={failed || undefined}
      data-stale={stale || undefined}
      data-testid="step-result"
    >
      <span className="visually-hidden">Kernel result: </span>
      <code className="ed-result__ret">
        ret {result.ret}
        {failed ? (
          <>
            {' '}
            <span className="ed-result__errno">-{result.errno ?? 'E?'}</span>
          </>
        ) : null}
      </code>
      {parts.map((p) => (
        <code key={p} className="ed-result__part">
          {p}
        </code>
      ))}
      {result.prot ? (
        <code
          className="ed-result__part"
          title={result.prot.map((b, i) => `page ${i}: ${hexByte(b)} ${decodeProt(b)}`).join('\n')}
        >
          prot {brief(result.prot, hexByte)}
        </code>
      ) : null}
      {result.error ? <span className="ed-result__note">{result.error}</span> : null}
      {stale ? <span className="visually-hidden"> (updating)</span> : null}
    </div>
  );
}
