/** The printable handout of a walkthrough (`#learn/<id>/handout`). */
import { useMemo } from 'react';
import type { WalkthroughDoc } from '../../scenarios/walkthroughs';
import { walkthroughHref } from '../../scenarios/walkthroughs/route';
import { stageExtent } from '../../views/geometry/extent';
import { layoutStage } from '../../views/geometry/stageLayout';
import type { Timeline } from '../../views/timeline';
import { Handout } from '../../views/walkthrough/Handout';

export function HandoutPage({
  id,
  doc,
  timeline,
}: {
  id: string;
  doc: WalkthroughDoc;
  timeline: Timeline;
}) {
  const extent = useMemo(() => stageExtent(timeline.frames), [timeline]);
  // Every range collapsed, as the stage opens: a printed page has no room for untouched pages.
  const layout = useMemo(() => layoutStage(extent, new Set()), [extent]);
  return (
    <Handout
      doc={doc}
      frames={timeline.frames}
      extent={extent}
      layout={layout}
      onBack={() => {
        window.location.hash = walkthroughHref(id);
      }}
    />
  );
}
