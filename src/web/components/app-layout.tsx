import { Burger, Group } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { type ReactElement, type ReactNode, useEffect } from 'react';
import { useLocation } from '../navigation';
import { useT } from '../i18n';
import { BrandLink } from './brand-link';
import { NotificationBell } from '../features/notifications/notification-bell';
import { LanguageSwitch } from './language-switch';
import { NavLinks } from './nav-links';
import { mainContentId, SkipLink } from './skip-link';
import { UserMenu } from './user-menu';
import classes from './app-shell.module.css';
import { scrollLockPadded } from './scroll-lock';

const navigationId = 'main-navigation';

/** The frame for signed-in screens: header, navigation (a burger menu on phones), main area. */
export function AppLayout({ children }: { children: ReactNode }): ReactElement {
  const { t } = useT();
  const [opened, { toggle, close }] = useDisclosure(false);
  const { pathname } = useLocation();
  useEffect(() => close(), [pathname, close]);
  // The collapsed navigation only slides off screen; inert keeps it out of the tab order.
  const isPhone = useMediaQuery('(max-width: 47.99em)') ?? false;

  return (
    <>
      <SkipLink />
      <header className={`${classes.header} ${scrollLockPadded}`}>
        <Group h="100%" px="xs" justify="space-between" wrap="nowrap" gap={6}>
          {/* On a narrow phone the name shortens rather than push the header past the screen. */}
          <Group gap={6} wrap="nowrap" miw={0}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('nav.menu')}
              aria-expanded={opened}
              aria-controls={navigationId}
            />
            <BrandLink />
          </Group>
          <Group gap={4} wrap="nowrap" style={{ flexShrink: 0 }}>
            <NotificationBell />
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </header>
      <nav
        id={navigationId}
        className={classes.navbar}
        data-opened={opened || undefined}
        aria-label={t('nav.label')}
        inert={isPhone && !opened}
      >
        <NavLinks />
      </nav>
      <main id={mainContentId} tabIndex={-1} className={classes.main} data-with-navbar>
        {children}
      </main>
    </>
  );
}
