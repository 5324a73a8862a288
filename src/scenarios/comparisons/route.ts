/**
 * Where a comparison lives in the URL: `#compare/gmem/<id>`. Apart from the index so the
 * router (in the first visit's JavaScript) does not pull the comparisons in.
 */
export const GMEM_COMPARE_PREFIX = '#compare/gmem/';

export const comparisonHref = (id: string) => `${GMEM_COMPARE_PREFIX}${encodeURIComponent(id)}`;
