import { AppShell, Container, Group } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import { BrandLink } from './brand-link';
import { LanguageSwitch } from './language-switch';
import { mainContentId, SkipLink } from './skip-link';

/** The frame for screens seen before signing in. */
export function PublicLayout({ children }: { children: ReactNode }): ReactElement {
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <BrandLink />
          <LanguageSwitch />
        </Group>
      </AppShell.Header>
      <AppShell.Main id={mainContentId} tabIndex={-1}>
        <Container size={440} px={0} py="lg">
          {children}
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
