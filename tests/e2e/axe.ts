/**
 * axe-core on a page of the built site, for the accessibility checks of several e2e files. The
 * site's CSP forbids inline scripts, which is what addScriptTag({ content }) inserts, so the
 * pages these run on are opened with bypassCSP (the CSP itself is tested in shell.e2e.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * Serious violations already reported to the views' owner, allowed here by rule and element so
 * that the checks still fail on anything new. Delete an entry once it is fixed: the test then
 * fails if the violation ever comes back. Each is told apart by its rule and its element's HTML.
 */
const KNOWN: readonly { rule: string; html: RegExp; why: string }[] = [];
const isKnown = (rule: string, html: string) =>
  KNOWN.some((k) => k.rule === rule && k.html.test(html));

/** One line per failing element: rule, impact, the element, and what axe says to fix. */
function describeViolations(violations: readonly Result[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map(
        (n) =>
          `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${v.help}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`,
      ),
    )
    .join('\n');
}

/** Runs axe on the whole page; returns its serious and critical violations ('' if none). */
export async function seriousViolations(page: Page): Promise<string> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  // Let transitions end first: a colour caught mid-fade is not what anyone reads.
  await page.waitForTimeout(400);
  const results = await page.evaluate(() =>
    (
      window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<AxeResults> } }
    ).axe.run(document, { resultTypes: ['violations'] }),
  );
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !isKnown(v.id, n.html)) }))
    .filter((v) => v.nodes.length > 0);
  return describeViolations(bad);
}
