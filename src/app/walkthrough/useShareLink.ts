/**
 * "Copy link": a library walkthrough's short link (`#learn/<id>`); a shared one's own link,
 * which carries the walkthrough and its scenario (`#w=1.…`).
 */
import { useState } from 'react';
import type { ScenarioDoc } from '../../engine/trace';
import type { WalkthroughDoc } from '../../scenarios/walkthroughs';
import { walkthroughHref } from '../../scenarios/walkthroughs/route';
import { encodeWalkthroughLink } from '../../url/walkthroughLink';

export function useShareLink(
  id: string,
  doc: WalkthroughDoc,
  scenario: ScenarioDoc,
  shared: boolean,
) {
  const [status, setStatus] = useState('');
  const copy = () => {
    const fragment = shared ? encodeWalkthroughLink(doc, scenario) : walkthroughHref(id);
    const url = `${window.location.origin}${window.location.pathname}${fragment}`;
    const done = () => setStatus('Link copied');
    const failed = () => setStatus(`Copy this link: ${url}`);
    if (navigator.clipboard?.writeText) navigator.clipboard.writeText(url).then(done, failed);
    else failed();
  };
  return { copy, status };
}
