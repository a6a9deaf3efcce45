import { Tooltip } from '@mantine/core';
import type { ReactElement } from 'react';

/** A code shown on hover, focus or touch: loaded apart (see outcome-code-badge.tsx). */
export default function CodeTooltip({
  label,
  children,
}: {
  label: string;
  children: ReactElement;
}): ReactElement {
  return (
    <Tooltip label={label} events={{ hover: true, focus: true, touch: true }}>
      {children}
    </Tooltip>
  );
}
