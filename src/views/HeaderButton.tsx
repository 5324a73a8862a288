/** A header button with an icon and a label (the label hides on narrow screens, staying the
 * button's accessible name); `current` marks the page it opens as the one shown. */
export function HeaderButton(props: {
  label: string;
  testId: string;
  /** The page it opens is the one shown. */
  current?: boolean;
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      className="icon-button app-header__button"
      data-testid={props.testId}
      aria-current={props.current ? 'page' : undefined}
      onClick={props.onClick}
    >
      {props.children}
      <span className="app-header__button-label">{props.label}</span>
    </button>
  );
}
