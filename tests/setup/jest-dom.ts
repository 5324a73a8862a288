import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  // The app keeps the address bar a link to what is on screen and opens a link it finds there:
  // every test starts from a clean address, not the last test's scenario.
  window.history.replaceState(null, '', '/');
});
