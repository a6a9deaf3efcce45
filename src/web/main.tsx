// Mantine's base styles; each component's own come with it (vite.config.ts). Its CSS variables
// are all written by MantineProvider (deduplicateCssVariables off), not fetched as a stylesheet
// too: 4 KB less on every first visit.
import '@mantine/core/styles/baseline.css';
import '@mantine/core/styles/global.css';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { stringsReady } from './i18n';
import { createQueryClient } from './query-client';
import { Router } from './navigation';
import { AppRoutes } from './router';
import { prefetchSession } from './session';
import { cssVariablesResolver, theme } from './theme';

const queryClient = createQueryClient();
prefetchSession(queryClient);

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element');

const root = createRoot(container);

// The first screen shows in words, not keys: it waits for its language's strings (preloaded
// by the page with the app's code, so no extra round trip).
void stringsReady.then(
  () =>
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <MantineProvider
            theme={theme}
            cssVariablesResolver={cssVariablesResolver}
            defaultColorScheme="light"
            deduplicateCssVariables={false}
          >
            <Router>
              <AppRoutes />
            </Router>
          </MantineProvider>
        </QueryClientProvider>
      </StrictMode>,
    ),
  // Without its strings the app has no words to speak: these two are the only ones in code.
  () => {
    container.textContent =
      'Passerelle could not load: check the connection, then reload the page. · ' +
      'Passerelle n’a pas pu se charger : vérifiez la connexion, puis rechargez la page.';
  },
);
