// The person's own space: its own entry point and bundle, with no staff code (no Mantine, no
// router, no query library), so that it stays light on a phone and a slow link.
import './person.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PersonApp } from './person-app';

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element');

createRoot(container).render(
  <StrictMode>
    <PersonApp />
  </StrictMode>,
);
