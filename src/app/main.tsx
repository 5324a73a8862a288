import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../views/theme.css';
import { App } from './App';

const root = document.getElementById('root');
if (!root) throw new Error('HMM Lab: the page has no #root element to render into.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
