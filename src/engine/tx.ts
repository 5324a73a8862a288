/**
 * A transaction over a World: the mutable working copy an op (or one phase of it) edits, and the
 * recorder of its micro-steps.
 *
 * Why a transaction: states must be immutable and structurally shared, yet an op touching 64
 * pages per phase must not copy a trie path for every single write. The Tx batches writes into
 * PVec editors and copy-on-write records; `emit()` seals them into an immutable World snapshot,
 * records what changed since the previous micro-step, and runs the invariant checks on it.
 * Tx itself never escapes: public phase functions wrap it (see `runPhase`).
 *
 * The layers: TxChanges (what changed since the last micro-step) ← TxMemory (frames, free list,
 * devices) ← TxTables (processes and page tables, mirrors, GUP handles) ← Tx (sealing a World,
 * micro-steps and their merging).
 */
import { checkChanged, checkWorld } from './invariants';
import { type InvariantId, v } from './invariantsCatalog';
import { kernelFile, kernelLink } from './kernelSources';
import type { MicroStep, Violation } from './microstep';
import { TxTables } from './txTables';
import { type KernelOutcome, type World, haltsKernel } from './types';
import type { GmemState } from './gmem/types';

export { type MutableDevice, type MutableFrame, cloneFrame } from './txClone';

export class Tx extends TxTables {
  private last: World;
  readonly microsteps: MicroStep[] = [];
  readonly violations: { microstep: number; v: Violation }[] = [];
  private coalesceDepth = 0;
  private coalesced = 0;
  private pendingOutcome: KernelOutcome | null = null;
  private pendingFlags: Violation[] = [];
  private halted: KernelOutcome | null;
  /** Every outcome this transaction recorded, in order. */
  readonly outcomes: KernelOutcome[] = [];
  /** World.gmem (GMEM's objects), replaced as a whole: it is small. */
  private gmS: GmemState | undefined;

  constructor(world: World) {
    super(world);
    this.last = world;
    this.halted = world.halted;
    this.gmS = world.gmem;
  }

  /** GMEM's state (the kernel has CONFIG_GMEM). Throws on a kernel without it: an engine bug. */
  gm(): GmemState {
    if (this.gmS === undefined) throw new Error('this kernel has no CONFIG_GMEM');
    return this.gmS;
  }

  /** Whether the kernel has CONFIG_GMEM (machine.kernel.gmem). */
  hasGm(): boolean {
    return this.gmS !== undefined;
  }

  /**
   * Replaces GMEM's state; `keys` say what changed (`lpt:<proc>:<chunk>`, `dev:<name>`,
   * `ctx:<name>`, `as:<name>`, `hnode:<id>`, `dma`, `mems:<proc>`), recorded in the micro-step's
   * `changed.procs` as `gm:<key>`, beside the `mirror:` and `gup:` keys.
   */
  setGm(next: GmemState, ...keys: string[]): void {
    this.gmS = next;
    for (const k of keys) this.markProc(`gm:${k}`);
  }

  /** Seals the working copy into an immutable World (cheap when nothing changed). */
  world(): World {
    const haltChanged = this.halted !== this.last.halted || this.gmS !== this.last.gmem;
    if (!haltChanged && !this.memoryDirty(this.last) && !this.tablesDirty(this.last))
      return this.last;
    const tables = this.sealTables();
    const memory = this.sealMemory();
    this.last = {
      config: this.config,
      systemPages: this.systemPages,
      zeroFrame: this.zeroFrame,
      frames: memory.frames,
      sysFreeHead: memory.sysFreeHead,
      sysFree: memory.sysFree,
      deviceNames: this.deviceNames,
      devices: memory.devices,
      procs: tables.procs,
      mirrors: tables.mirrors,
      gups: tables.gups,
      nextPid: tables.nextPid,
      halted: this.halted,
      ...(this.gmS !== undefined ? { gmem: this.gmS } : {}),
    };
    return this.last;
  }

  /**
   * A buggy kernel breaks here: the next micro-step carries `outcome`, and a halting one (crash,
   * hang, use-after-free, livelock) stops the machine — later steps do not run.
   */
  fail(outcome: KernelOutcome): void {
    // The invariant the fix restored fails here, in the violations as well as in the outcome.
    this.flag(v(outcome.invariant as InvariantId, outcome.message));
    this.pendingOutcome = outcome;
    this.outcomes.push(outcome);
    if (haltsKernel(outcome.kind)) this.halted = outcome;
  }

  /**
   * An invariant the op itself saw break (where no state check can see it, e.g. memunmap_pages
   * returning early): attached to the next micro-step, like the checks' findings.
   */
  flag(v: Violation): void {
    this.pendingFlags.push(v);
  }

  /** The outcome that halted the kernel, if any. */
  get haltedBy(): KernelOutcome | null {
    return this.halted;
  }

  /**
   * Records a micro-step: `fn` is the kernel function, `phase` the machine-layer phase. While
   * coalescing, only counts it (the changes keep accumulating into the summary micro-step).
   */
  emit(fn: string, phase: string, narration: string | (() => string)): void {
    if (this.coalesceDepth > 0) {
      this.coalesced++;
      return;
    }
    this.record(fn, phase, typeof narration === 'string' ? narration : narration(), 1);
  }

  private record(fn: string, phase: string, narration: string, coalesced: number): void {
    const world = this.world();
    const changed = this.takeChanges();
    const index = this.microsteps.length;
    const copies = this.takeCopies();
    this.microsteps.push({
      phase,
      fn,
      file: kernelFile(fn),
      src: kernelLink(fn, this.config.api),
      narration,
      changed,
      world,
      coalesced,
      ...(copies.length > 0 ? { copies } : {}),
      ...(this.pendingOutcome !== null ? { outcome: this.pendingOutcome } : {}),
    });
    this.pendingOutcome = null;
    for (const v of this.pendingFlags) this.violations.push({ microstep: index, v });
    this.pendingFlags = [];
    const mode = this.config.invariantChecks;
    if (mode === 'off') return;
    const found = mode === 'full' ? checkWorld(world) : checkChanged(world, changed);
    for (const v of found) this.violations.push({ microstep: index, v });
  }

  /** Starts merging micro-steps (nestable); see {@link endCoalesce}. */
  beginCoalesce(): void {
    if (this.coalesceDepth++ === 0) this.coalesced = 0;
  }

  /** Ends merging; the outermost call emits one summary micro-step if anything was merged. */
  endCoalesce(fn: string, phase: string, narration: (merged: number) => string): void {
    // An unmatched end would leave the depth negative, and the next beginCoalesce() would then
    // merge nothing: a silent change to every later micro-step of the op.
    if (this.coalesceDepth === 0) throw new Error('endCoalesce() without beginCoalesce()');
    if (--this.coalesceDepth > 0) return;
    if (this.coalesced > 0 || this.hasPendingChanges()) {
      this.record(fn, phase, narration(this.coalesced), Math.max(1, this.coalesced));
    }
    this.coalesced = 0;
  }

  /** Whether micro-steps are currently being merged. */
  get coalescing(): boolean {
    return this.coalesceDepth > 0;
  }
}

/** The outcome of a public phase function: the next world, a value, and its micro-steps. */
export interface PhaseResult<T> {
  readonly world: World;
  readonly value: T;
  readonly microsteps: readonly MicroStep[];
  readonly violations: readonly { microstep: number; v: Violation }[];
}

/** Runs `body` in a fresh transaction and returns a pure result (the machine layer's entry). */
export function runPhase<T>(world: World, body: (tx: Tx) => T): PhaseResult<T> {
  const tx = new Tx(world);
  const value = body(tx);
  if (tx.hasPendingChanges()) {
    throw new Error('a phase left changes without a micro-step (engine bug)');
  }
  return { world: tx.world(), value, microsteps: tx.microsteps, violations: tx.violations };
}
