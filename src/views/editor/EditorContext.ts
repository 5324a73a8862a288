/**
 * What every input of the form needs — the id prefix, the errors, whether editing is paused and
 * how to change a value — passed once through context instead of through every level.
 */
import { createContext, useContext } from 'react';
import type { ErrorIndex } from './errors';
import type { Json, PathKey } from './json';
import type { DocNames } from './ops';

export interface EditorContextValue {
  readonly idPrefix: string;
  readonly errors: ErrorIndex;
  /** True while the JSON view holds text that does not parse: the form is read-only then. */
  readonly readOnly: boolean;
  readonly names: DocNames;
  /**
   * Sets the value at `path` (`undefined` removes the key). Typing into one field is one undo
   * entry; `discrete` edits (add/remove, op change) are always their own.
   */
  readonly set: (path: readonly PathKey[], value: Json | undefined, discrete?: boolean) => void;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor(): EditorContextValue {
  const ctx = useContext(EditorContext);
  if (!ctx) throw new Error('useEditor outside the scenario editor');
  return ctx;
}
