import { Menu } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { useT } from '../i18n';
import { useSession } from '../session';
import { UserMenuTrigger, useSignOut } from './user-menu';

/** The account menu itself: its popover code is the largest part of the frame, so it comes later. */
export function AccountMenu({
  opened,
  onChange,
}: {
  opened: boolean;
  onChange: (opened: boolean) => void;
}): ReactElement {
  const { t } = useT();
  const { account } = useSession();
  const signOut = useSignOut();
  return (
    <Menu position="bottom-end" width={220} opened={opened} onChange={onChange}>
      <Menu.Target>
        <UserMenuTrigger />
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
