import type { ScenarioDoc } from '../engine';

/** JSON with object keys sorted, so two equal documents give one string whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The document without its library metadata (`about`): what plays, and what a link carries. */
export function withoutAbout(doc: ScenarioDoc): ScenarioDoc {
  const { about: _about, ...rest } = doc;
  return rest;
}

/**
 * Whether two documents play the same scenario with the same words: everything but `about`
 * (what the gallery says about it) is equal. A link to a built-in scenario opens that scenario.
 */
export function sameScenario(a: ScenarioDoc, b: ScenarioDoc): boolean {
  return canonical(withoutAbout(a)) === canonical(withoutAbout(b));
}
