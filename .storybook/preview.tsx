import type { Decorator, Preview } from '@storybook/react-vite';
import '../src/views/theme.css';

/** Puts the chosen theme on <html>, the way the app does, so stories show both themes. */
const withTheme: Decorator = (Story, context) => {
  const theme = context.globals.theme as string | undefined;
  const root = document.documentElement;
  if (theme === 'light' || theme === 'dark') root.setAttribute('data-theme', theme);
  else root.removeAttribute('data-theme');
  return <Story />;
};

const preview: Preview = {
  globalTypes: {
    theme: {
      description: 'Colour theme',
      toolbar: {
        title: 'Theme',
        icon: 'contrast',
        items: [
          { value: 'system', title: 'Follow the system' },
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'system' },
  decorators: [withTheme],
  // The app keeps the address bar a link to what is on screen, and opens a link it finds
  // there: each story starts from a clean address, not the last story's scenario.
  beforeEach: () => {
    if (window.location.hash) {
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
    }
  },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
  },
};

export default preview;
