import { ActionIcon, Indicator } from '@mantine/core';
import type { ReactElement } from 'react';
import { Link } from '../../navigation';
import { useT } from '../../i18n';
import { useUnreadCount } from './notifications-api';

/** The header's way to the notifications, saying how many are unread. */
export function NotificationBell(): ReactElement {
  const { t } = useT();
  const unread = useUnreadCount().data ?? 0;
  const label =
    unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.title');
  return (
    <Indicator
      label={unread > 99 ? '99+' : unread}
      size={18}
      color="red.8"
      disabled={unread === 0}
      offset={4}
    >
      <ActionIcon
        component={Link}
        to="/notifications"
        variant="subtle"
        color="dark"
        size="lg"
        aria-label={label}
      >
        <BellIcon />
      </ActionIcon>
    </Indicator>
  );
}

function BellIcon(): ReactElement {
  return (
    <svg
      width="22"
      height="22"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
