/**
 * The copy animation's d3 part, loaded on first use so the initial bundle stays small. React
 * draws the tokens; d3 moves them (d3-transition is imported for its side effect, which a
 * production build would otherwise tree-shake away — stack.md).
 */
import { easeCubicInOut } from 'd3-ease';
import { select } from 'd3-selection';
import 'd3-transition';
import { copyDelay, copyPoint } from '../geometry/copyPath';
import type { Box } from '../geometry/stageLayout';

export interface CopyToken {
  el: SVGGElement;
  from: Box;
  to: Box;
}

/** Moves every token from its source row to its destination, then fades it out. */
export function playCopies(tokens: readonly CopyToken[], duration: number): () => void {
  tokens.forEach(({ el, from, to }, i) => {
    const at = (t: number) => {
      const [x, y] = copyPoint(from, to, t);
      return `translate(${x},${y})`;
    };
    select(el)
      .interrupt()
      .attr('transform', at(0))
      .style('opacity', 1)
      .transition()
      .delay(copyDelay(i, tokens.length))
      .duration(duration)
      .ease(easeCubicInOut)
      .attrTween('transform', () => at)
      .transition()
      .duration(duration / 3)
      .style('opacity', 0);
  });
  return () => {
    for (const { el } of tokens) select(el).interrupt();
  };
}
