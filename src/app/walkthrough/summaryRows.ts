/** The end summary's rows: each question with how it went. */
import type { ChapterPlan, Session } from '../../scenarios/walkthroughs/session';
import type { SummaryRow } from '../../views/walkthrough/WalkthroughSummary';

export function summaryRows(plan: readonly ChapterPlan[], s: Session): SummaryRow[] {
  return plan.flatMap((ch, i) =>
    ch.checkpoints.map((c) => {
      const r = s.answers[c.def.id];
      const status: SummaryRow['status'] = !r
        ? 'open'
        : r.skipped
          ? 'revealed'
          : !r.correct
            ? 'wrong'
            : r.attempts === 1
              ? 'first-try'
              : 'right';
      return { chapter: i, chapterTitle: ch.chapter.title, checkpoint: c.def, status };
    }),
  );
}
