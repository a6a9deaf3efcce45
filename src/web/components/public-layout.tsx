import { Container, Group } from '@mantine/core';
import type { ReactElement, ReactNode } from 'react';
import { BrandLink } from './brand-link';
import { LanguageSwitch } from './language-switch';
import { mainContentId, SkipLink } from './skip-link';
import { scrollLockPadded } from './scroll-lock';
import classes from './app-shell.module.css';

/** The frame for screens seen before signing in. */
export function PublicLayout({ children }: { children: ReactNode }): ReactElement {
  return (
    <>
      <SkipLink />
      <header className={`${classes.header} ${scrollLockPadded}`}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <BrandLink />
          <LanguageSwitch />
        </Group>
      </header>
      <main id={mainContentId} tabIndex={-1} className={classes.main}>
        <Container size={440} px={0} py="lg">
          {children}
        </Container>
      </main>
    </>
  );
}
