import { Box, Text } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';

export type DetailItem = { label: string; value: ReactNode };

/** Label and value pairs as a description list, stacked on a phone. */
export function DetailList({ items }: { items: readonly DetailItem[] }): ReactElement {
  return (
    <Box
      component="dl"
      m={0}
      style={{
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fit, minmax(14rem, 1fr))',
        gap: 'var(--mantine-spacing-sm) var(--mantine-spacing-lg)',
      }}
    >
      {items.map((item, index) => (
        <div key={index}>
          <Text component="dt" size="sm" fw={600}>
            {item.label}
          </Text>
          <Text component="dd" m={0} style={{ whiteSpace: 'pre-wrap' }}>
            {item.value}
          </Text>
        </div>
      ))}
    </Box>
  );
}
