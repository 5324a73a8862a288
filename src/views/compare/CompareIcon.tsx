/** Two panes split by a line: the header's "Compare" (in the first visit's JavaScript: tiny). */
export const CompareIcon = () => (
  <svg
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth={2}
    strokeLinejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    <path d="M3 5h7v14H3zM14 5h7v14h-7zM12 2v20" />
  </svg>
);
