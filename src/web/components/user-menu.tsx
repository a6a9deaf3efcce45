import { Avatar, Group, Text, UnstyledButton } from '@mantine/core';
import { useClickOutside, useId } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { type KeyboardEvent, type ReactElement, useEffect, useRef, useState } from 'react';
import { Link } from '../navigation';
import { useT } from '../i18n';
import type { SignOutResult } from '../../shared/contracts/auth';
import { apiRequest } from '../api';
import { useSession } from '../session';
import classes from './user-menu.module.css';

function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

/**
 * The account menu, a WAI-ARIA menu button written here rather than Mantine's Menu: that one
 * brings its popover engine (floating-ui, a fifth of the frame's code) to every first visit.
 */
export function UserMenu(): ReactElement {
  const { t } = useT();
  const { account } = useSession();
  const signOut = useSignOut();
  const menuId = useId();
  const [opened, setOpened] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const root = useClickOutside<HTMLDivElement>(() => setOpened(false));
  const close = (): void => {
    setOpened(false);
    button.current?.focus();
  };

  // Opening puts the keyboard on the first item, as a menu does.
  useEffect(() => {
    if (opened) menuItems(menu.current)[0]?.focus();
  }, [opened]);

  return (
    <div ref={root} className={classes.root}>
      <UnstyledButton
        ref={button}
        className={classes.trigger}
        aria-label={t('userMenu.label', { name: account.displayName })}
        aria-haspopup="menu"
        aria-expanded={opened}
        aria-controls={opened ? menuId : undefined}
        onClick={() => setOpened((open) => !open)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setOpened(true);
          }
        }}
      >
        <Group gap="xs" wrap="nowrap">
          <Avatar size={30} color="blue" variant="filled" aria-hidden="true">
            {initialsOf(account.displayName)}
          </Avatar>
          <Text span visibleFrom="sm" size="sm" fw={500}>
            {account.displayName}
          </Text>
        </Group>
      </UnstyledButton>
      {opened && (
        <div className={classes.dropdown}>
          <Text size="xs" c="dimmed" className={classes.label}>
            {account.email}
          </Text>
          <div
            ref={menu}
            id={menuId}
            role="menu"
            aria-label={t('userMenu.label', { name: account.displayName })}
            onKeyDown={(event) => moveFocus(event, close, () => setOpened(false))}
          >
            <Link
              role="menuitem"
              tabIndex={-1}
              className={classes.item}
              to="/account"
              onClick={close}
            >
              {t('nav.account')}
            </Link>
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={classes.item}
              onClick={() => signOut.mutate()}
            >
              {t('userMenu.signOut')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function menuItems(menu: HTMLElement | null): HTMLElement[] {
  return menu ? [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')] : [];
}

/** Arrow keys, Home and End move between items; Escape closes back to the button; Tab leaves. */
function moveFocus(event: KeyboardEvent<HTMLElement>, close: () => void, leave: () => void): void {
  const items = menuItems(event.currentTarget);
  const at = items.indexOf(document.activeElement as HTMLElement);
  const targets: Record<string, number> = {
    ArrowDown: (at + 1) % items.length,
    ArrowUp: (at - 1 + items.length) % items.length,
    Home: 0,
    End: items.length - 1,
  };
  const target = targets[event.key];
  if (target !== undefined) {
    event.preventDefault();
    items[target]?.focus();
  } else if (event.key === 'Escape') {
    event.preventDefault();
    close();
  } else if (event.key === 'Tab') {
    leave();
  }
}

export function useSignOut(): { mutate: () => void; isPending: boolean } {
  const mutation = useMutation({
    mutationFn: () => apiRequest<SignOutResult | undefined>('POST', '/api/auth/sign-out'),
    // A full page load drops every cached record of the person who left, and lands on sign-in
    // without remembering their last page for whoever signs in next. It happens even if the
    // server could not be told: the person asked to leave. After a single sign-on, the
    // provider's logout ends its session too, then sends the browser back to sign-in.
    onSettled: (result) => window.location.assign(result?.providerSignOutUrl ?? '/sign-in'),
  });
  return { mutate: () => mutation.mutate(), isPending: mutation.isPending };
}
