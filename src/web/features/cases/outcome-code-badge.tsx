import { Badge } from '@mantine/core';
import { type ReactElement, Suspense, lazy } from 'react';
import { badgeLooks } from '../../components/badge-looks';

// Mantine's Tooltip brings its popover engine (floating-ui, about 15 KB gzipped): it comes
// after the case screen shows, the badge meanwhile the same without its tooltip.
const CodeTooltip = lazy(() => import('./code-tooltip'));

/** The concept in words; its code, for whoever codes records, on hover or focus. */
export function OutcomeCodeBadge({ text, code }: { text: string; code: string }): ReactElement {
  const badge = (
    <Badge {...badgeLooks.quiet} tabIndex={0}>
      {text}
    </Badge>
  );
  return (
    <Suspense fallback={badge}>
      <CodeTooltip label={code}>{badge}</CodeTooltip>
    </Suspense>
  );
}
