/**
 * Model-based testing of the op machines with xstate/graph: for each input (a small world set
 * up with the engine, and a step), getShortestPaths walks every state the machine can reach
 * under `op.step` (and, where given, `op.concurrent`), keyed by the state value and a few small
 * counters — never the World. Every path is then replayed on a live actor, which records the
 * transitions it takes (xstate's `@xstate.microstep` inspection events) and checks the engine's
 * invariants in every state.
 */
import { type AnyStateMachine, createActor } from 'xstate';
import { getShortestPaths, getStateNodes } from 'xstate/graph';
import { expect } from 'vitest';
import { checkWorld, type LocatedViolation, type World } from '../../src/engine/index';

/** A transition of the chart, as xstate keeps it (the objects are shared with the actor). */
type TransitionDef = object & {
  source: { key: string };
  target?: readonly { key: string }[] | undefined;
  eventType: string;
};

export interface ModelCase<I, E> {
  readonly name: string;
  readonly input: I;
  /** Events offered in a state (default: `op.step` only). */
  readonly events?: (snapshot: Snap) => readonly E[];
  /**
   * The input world breaks invariants on purpose (a state the scenarios cannot reach): check
   * that the machine adds no new violation instead of none at all.
   */
  readonly synthetic?: boolean;
  /**
   * A buggy kernel (machine.kernel): the ids of the invariants the bug breaks, which the output
   * must report exactly (issue 7: the invariant the fix restored fails where it breaks).
   */
  readonly buggy?: readonly string[];
}

export interface Snap {
  readonly value: unknown;
  readonly status: string;
  readonly context: { readonly world: World } & Record<string, unknown>;
  readonly output?: unknown;
}

/** Every state node of the machine but the root, by key (the op machines are flat). */
export function stateKeys(machine: AnyStateMachine): string[] {
  return getStateNodes(machine.root)
    .filter((n) => n !== machine.root)
    .map((n) => n.key);
}

/** Every transition of the chart, named `source -event[i]-> target`. */
export function transitions(machine: AnyStateMachine): Map<object, string> {
  const out = new Map<object, string>();
  for (const node of Object.values(machine.root.states)) {
    (node.always ?? []).forEach((t, i) => {
      const to = t.target?.map((n) => n.key).join(',') ?? '(self)';
      out.set(t, `${node.key} -always[${i}]-> ${to}`);
    });
    for (const [event, defs] of node.transitions) {
      (defs as readonly TransitionDef[]).forEach((t, i) => {
        const to = t.target?.map((n) => n.key).join(',') ?? '(self)';
        out.set(t, `${node.key} -${event}[${i}]-> ${to}`);
      });
    }
  }
  return out;
}

const key = (v: { id: string; detail: string }) => `${v.id}|${v.detail}`;

export interface ModelRun {
  /** States reached, by key. */
  readonly states: Set<string>;
  /** Transitions taken, by name. */
  readonly taken: Set<string>;
  readonly paths: number;
}

/**
 * Explores each case and replays its paths. `serialize` must keep only bounded data.
 * `onFinal` sees the output of each path that ends in a final state.
 */
export function runModel<I, E extends { type: string }>(
  machine: AnyStateMachine,
  cases: readonly ModelCase<I, E>[],
  serialize: (s: Snap) => unknown[],
  onFinal?: (c: ModelCase<I, E>, output: unknown, value: string) => void,
): ModelRun {
  const names = transitions(machine);
  const states = new Set<string>();
  const taken = new Set<string>();
  let count = 0;
  for (const c of cases) {
    const step = [{ type: 'op.step' }] as unknown as readonly E[];
    const paths = getShortestPaths(machine, {
      input: c.input,
      events: (s) => c.events?.(s as unknown as Snap) ?? step,
      serializeState: (s) => JSON.stringify(serialize(s as unknown as Snap)),
    });
    expect(paths.length, c.name).toBeGreaterThan(0);
    for (const path of paths) {
      count++;
      const seen: object[] = [];
      const actor = createActor(machine, {
        input: c.input,
        inspect: (ev) => {
          if (ev.type === '@xstate.microstep') {
            seen.push(...((ev as unknown as { _transitions: object[] })._transitions ?? []));
          }
        },
      });
      actor.start();
      const first = actor.getSnapshot() as unknown as Snap;
      const baseline = new Set(c.synthetic ? checkWorld(first.context.world).map(key) : []);
      const check = (snap: Snap, where: string) => {
        const found = checkWorld(snap.context.world).filter((v) => !baseline.has(key(v)));
        expect(found, `${c.name}: ${where}`).toEqual([]);
      };
      check(first, String(first.value));
      for (const s of path.steps) {
        if (s.event.type.startsWith('xstate.')) continue;
        actor.send(s.event as never);
        const snap = actor.getSnapshot() as unknown as Snap;
        expect(snap.value, c.name).toEqual(s.state.value);
        states.add(String(snap.value));
        check(snap, `${String(snap.value)} after ${s.event.type}`);
      }
      states.add(String(first.value));
      for (const t of seen) {
        const n = names.get(t);
        if (n !== undefined) taken.add(n);
      }
      const end = actor.getSnapshot() as unknown as Snap;
      if (end.status === 'done') {
        if (!c.synthetic) {
          const out = end.output as { violations?: readonly LocatedViolation[] };
          const found = out.violations ?? [];
          if (c.buggy !== undefined)
            expect(
              found.map((x) => x.id),
              `${c.name}: the bug's violations`,
            ).toEqual(c.buggy);
          else expect(found, `${c.name}: violations in the output`).toEqual([]);
          expect(checkWorld(end.context.world, true), `${c.name}: at rest`).toEqual([]);
        }
        onFinal?.(c, end.output, String(end.value));
      }
      actor.stop();
    }
  }
  return { states, taken, paths: count };
}

/**
 * Every state reached; every transition taken except the `unreachable` ones, which must then
 * really never be taken (so that the list stays honest).
 */
export function expectFullCoverage(
  machine: AnyStateMachine,
  run: ModelRun,
  unreachable: readonly string[] = [],
): void {
  expect([...run.states].sort()).toEqual(stateKeys(machine).sort());
  const all = [...transitions(machine).values()];
  for (const u of unreachable) expect(all, 'a listed unreachable transition').toContain(u);
  const missing = all.filter((t) => !run.taken.has(t) && !unreachable.includes(t));
  expect(missing, 'transitions never taken').toEqual([]);
  for (const u of unreachable) expect(run.taken.has(u), `${u} was taken`).toBe(false);
}
