// The person's own space: its own entry point and bundle, with no staff code (no Mantine, no
// router, no query library), so that it stays light on a phone and a slow link.
import './person.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PersonApp } from './person-app';

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element');

// Installable, and readable offline once loaded: the build writes the worker (install/).
if (import.meta.env.PROD && 'serviceWorker' in navigator)
  navigator.serviceWorker.register('/me-sw.js', { scope: '/me' }).catch(() => undefined);

createRoot(container).render(
  <StrictMode>
    <PersonApp />
  </StrictMode>,
);
