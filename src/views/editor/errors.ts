/**
 * Where each validation error is shown. The loader names a JSON path (`steps[3].count`); the
 * form puts the message next to the input for that path, or on the step / device it belongs to,
 * and whatever has no place in the form goes to the document's own list.
 */
import type { ScenarioError } from '../../scenarios/load';

export class ErrorIndex {
  readonly all: readonly ScenarioError[];

  constructor(errors: readonly ScenarioError[]) {
    this.all = errors;
  }

  /** Errors at `path` or inside it (`steps[2].values` also takes `steps[2].values[1]`). */
  at(path: string): ScenarioError[] {
    return this.all.filter(
      (e) => e.path === path || e.path.startsWith(`${path}[`) || e.path.startsWith(`${path}.`),
    );
  }

  /** Errors exactly at `path`, or inside it but at none of the `placed` paths. */
  unplaced(path: string, placed: readonly string[]): ScenarioError[] {
    return this.at(path).filter(
      (e) =>
        !placed.some(
          (p) => e.path === p || e.path.startsWith(`${p}[`) || e.path.startsWith(`${p}.`),
        ),
    );
  }
}

/** A DOM id for the input of a JSON path, so an error in the JSON view can point at it. */
export function fieldId(prefix: string, path: string): string {
  return `${prefix}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** The id of a field's error message (what aria-describedby names). */
export const errorId = (prefix: string, path: string) => `${fieldId(prefix, path)}-error`;
