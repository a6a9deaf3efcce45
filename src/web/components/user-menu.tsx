import { Avatar, Group, Text, UnstyledButton } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import {
  type ComponentPropsWithRef,
  lazy,
  type ReactElement,
  Suspense,
  useEffect,
  useState,
} from 'react';
import { useT } from '../i18n';
import { apiCommand } from '../api';
import { useSession } from '../session';
import classes from './user-menu.module.css';

function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

const AccountMenu = lazy(async () => ({ default: (await import('./account-menu')).AccountMenu }));

/**
 * Runs `then` a while after the page has loaded, when the browser is idle: on a slow link the
 * screen's own code and data go first.
 */
function afterTheScreen(then: () => void): () => void {
  let cancel = (): void => undefined;
  const schedule = (): void => {
    const timer = window.setTimeout(() => {
      // Safari has no requestIdleCallback.
      if (typeof window.requestIdleCallback === 'function') {
        const id = window.requestIdleCallback(then);
        cancel = () => window.cancelIdleCallback(id);
      } else then();
    }, 5000);
    cancel = () => window.clearTimeout(timer);
  };
  if (document.readyState === 'complete') schedule();
  else window.addEventListener('load', schedule, { once: true });
  return () => {
    window.removeEventListener('load', schedule);
    cancel();
  };
}

/**
 * The account button in the header. Its menu's code (a popover library) would be the largest
 * part of the first download, so the button shows at once and the menu arrives when the
 * screen is done, or at once when the person reaches for the button.
 */
export function UserMenu(): ReactElement {
  const [wanted, setWanted] = useState(false);
  // Held here, not in the menu: a click before its code arrives opens it when it does.
  const [opened, setOpened] = useState(false);
  useEffect(() => afterTheScreen(() => setWanted(true)), []);
  const open = (): void => {
    setWanted(true);
    setOpened(true);
  };
  const trigger = (
    <UserMenuTrigger
      onPointerEnter={() => setWanted(true)}
      onFocus={() => setWanted(true)}
      // Pressed before the menu's code arrived: it opens when it does. On pointer down, not
      // click, as the button can be replaced between press and release.
      onPointerDown={open}
      onClick={open}
      aria-haspopup="menu"
      aria-expanded={false}
    />
  );
  if (!wanted) return trigger;
  return (
    <Suspense fallback={trigger}>
      <AccountMenu opened={opened} onChange={setOpened} />
    </Suspense>
  );
}

/** The button that opens the account menu: the person's initials and name. */
export function UserMenuTrigger(props: ComponentPropsWithRef<'button'>): ReactElement {
  const { t } = useT();
  const { account } = useSession();
  return (
    <UnstyledButton
      {...props}
      className={classes.trigger}
      aria-label={t('userMenu.label', { name: account.displayName })}
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
  );
}

export function useSignOut(): { mutate: () => void; isPending: boolean } {
  const mutation = useMutation({
    mutationFn: () => apiCommand('POST', '/api/auth/sign-out'),
    // A full page load drops every cached record of the person who left, and lands on sign-in
    // without remembering their last page for whoever signs in next. It happens even if the
    // server could not be told: the person asked to leave.
    onSettled: () => window.location.assign('/sign-in'),
  });
  return { mutate: () => mutation.mutate(), isPending: mutation.isPending };
}
