import { Box } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';

type Props = { label: string; children: ReactNode };

/**
 * Lets a wide table scroll sideways on a phone. The region is focusable so keyboard users can
 * scroll it too, and labelled so screen readers can tell what it holds. It is positioned so that
 * absolutely placed content (visually hidden headers) cannot widen the page.
 */
export function TableScroll({ label, children }: Props): ReactElement {
  return (
    <Box
      role="region"
      aria-label={label}
      tabIndex={0}
      style={{ position: 'relative', overflowX: 'auto', WebkitOverflowScrolling: 'touch' }}
    >
      {children}
    </Box>
  );
}
