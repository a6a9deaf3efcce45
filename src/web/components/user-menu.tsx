import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { useT } from '../i18n';
import { Link } from 'react-router';
import { apiCommand } from '../api';
import { useSession } from '../session';
import classes from './user-menu.module.css';

function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

export function UserMenu(): ReactElement {
  const { t } = useT();
  const { account } = useSession();
  const signOut = useSignOut();
  return (
    <Menu position="bottom-end" width={220}>
      <Menu.Target>
        <UnstyledButton
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
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{account.email}</Menu.Label>
        <Menu.Item component={Link} to="/account">
          {t('nav.account')}
        </Menu.Item>
        <Menu.Item onClick={() => signOut.mutate()}>{t('userMenu.signOut')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
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
