import { Stack, Title } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';

type Props = { id: string; title: string; children: ReactNode };

/** A titled section of a page, named for assistive technology by its level-2 heading. */
export function PageSection({ id, title, children }: Props): ReactElement {
  return (
    <Stack component="section" aria-labelledby={id} gap="md">
      <Title order={2} id={id}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}
