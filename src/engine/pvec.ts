/**
 * A persistent (immutable, structurally shared) sparse vector: a radix trie of 64-way nodes.
 *
 * Why: a page table or the frame array of a 65,536-page machine must not be copied whenever one
 * entry changes. Setting one entry copies only the path to it (a few 64-slot arrays), so a
 * micro-step costs memory in proportion to what it changed. Everything is a plain object or
 * array, so a snapshot is JSON-serialisable as is (empty slots are `null`).
 *
 * Reads go through the free functions; batches of writes go through a {@link PVecEditor}, which
 * mutates in place the nodes it has already copied in the current batch (the "transient" trick of
 * Clojure/Immutable.js) and copies the others. `seal()` ends a batch: from then on every node is
 * shared again and the next write copies.
 */

const BITS = 6;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

/** The largest index a vector may hold (exclusive): 2^30, far above any scenario. */
export const PVEC_MAX_INDEX = 1 << 30;

/** A node: an array of 64 child nodes (inner) or values (leaf); `null` marks an empty slot. */
export type PNode = readonly unknown[];

/** A persistent vector. `shift` is the bit offset of the root level (0 = the root is a leaf). */
export interface PVec<T> {
  readonly shift: number;
  readonly root: PNode;
  /** Phantom field so that PVec<A> and PVec<B> stay distinct types; never set. */
  readonly __t?: T;
}

function newNode(): unknown[] {
  return new Array<unknown>(WIDTH).fill(null);
}

function capacity(shift: number): number {
  return 1 << (shift + BITS); // shift + BITS <= 30
}

/** An empty vector. */
export function pvecEmpty<T>(): PVec<T> {
  return { shift: 0, root: newNode() };
}

function getIn<T>(root: PNode, shift: number, i: number): T | null {
  if (i < 0 || i >= capacity(shift)) return null;
  let node: PNode = root;
  for (let s = shift; s > 0; s -= BITS) {
    const child = node[(i >>> s) & MASK] as PNode | null;
    if (child === null || child === undefined) return null;
    node = child;
  }
  const value = node[i & MASK];
  return value === undefined ? null : (value as T);
}

/** The value at `i`, or `null` if the slot is empty. */
export function pvecGet<T>(v: PVec<T>, i: number): T | null {
  return getIn<T>(v.root, v.shift, i);
}

function walk<T>(
  node: PNode,
  shift: number,
  base: number,
  from: number,
  to: number,
  fn: (index: number, value: T) => void,
): void {
  const span = 1 << shift;
  for (let k = 0; k < WIDTH; k++) {
    const lo = base + k * span;
    if (lo >= to) return;
    if (lo + span <= from) continue;
    const child = node[k];
    if (child === null || child === undefined) continue;
    if (shift === 0) fn(lo, child as T);
    else walk(child as PNode, shift - BITS, lo, from, to, fn);
  }
}

/** Calls `fn` for every non-empty slot with `from <= index < to`, in index order. */
export function pvecForEach<T>(
  v: PVec<T>,
  from: number,
  to: number,
  fn: (index: number, value: T) => void,
): void {
  const end = Math.min(to, capacity(v.shift));
  if (from >= end) return;
  walk(v.root, v.shift, 0, Math.max(0, from), end, fn);
}

/** Builds a vector from a dense array (index i holds values[i]). */
export function pvecFromArray<T>(values: readonly T[]): PVec<T> {
  const ed = new PVecEditor<T>(pvecEmpty<T>());
  for (let i = 0; i < values.length; i++) ed.set(i, values[i] as T);
  return ed.seal();
}

/**
 * A batch of writes on top of a persistent vector. Nodes copied during the batch are owned by the
 * batch and are mutated in place; `seal()` returns the new vector and gives up that ownership.
 */
export class PVecEditor<T> {
  private root: unknown[];
  private shift: number;
  private readonly fresh = new Set<unknown[]>();

  constructor(v: PVec<T>) {
    this.root = v.root as unknown[];
    this.shift = v.shift;
  }

  get(i: number): T | null {
    return getIn<T>(this.root, this.shift, i);
  }

  private own(node: unknown[]): unknown[] {
    if (this.fresh.has(node)) return node;
    const copy = node.slice();
    this.fresh.add(copy);
    return copy;
  }

  /** The leaf last written through, if this batch owns it (fast path for runs of pages). */
  private lastLeaf: unknown[] | null = null;
  private lastLeafBase = -1;

  /** Sets slot `i` (`null` empties it). */
  set(i: number, value: T | null): void {
    if (this.lastLeaf !== null && i - (i & MASK) === this.lastLeafBase) {
      this.lastLeaf[i & MASK] = value;
      return;
    }
    if (!Number.isInteger(i) || i < 0 || i >= PVEC_MAX_INDEX) {
      throw new RangeError(`PVec index out of range: ${i}`);
    }
    while (i >= capacity(this.shift)) {
      if (value === null) return;
      const grown = newNode();
      grown[0] = this.root;
      this.fresh.add(grown);
      this.root = grown;
      this.shift += BITS;
    }
    let node = this.own(this.root);
    this.root = node;
    for (let s = this.shift; s > 0; s -= BITS) {
      const k = (i >>> s) & MASK;
      let child = node[k] as unknown[] | null;
      if (child === null || child === undefined) {
        if (value === null) return;
        child = newNode();
        this.fresh.add(child);
      } else {
        child = this.own(child);
      }
      node[k] = child;
      node = child;
    }
    node[i & MASK] = value;
    this.lastLeaf = node;
    this.lastLeafBase = i - (i & MASK);
  }

  forEach(from: number, to: number, fn: (index: number, value: T) => void): void {
    pvecForEach<T>({ shift: this.shift, root: this.root }, from, to, fn);
  }

  /** Ends the batch: returns the vector and makes every node shared again. */
  seal(): PVec<T> {
    this.fresh.clear();
    this.lastLeaf = null;
    this.lastLeafBase = -1;
    return { shift: this.shift, root: this.root };
  }
}
