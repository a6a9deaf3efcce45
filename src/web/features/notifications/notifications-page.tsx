import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { Link } from '../../navigation';
import type { Notification } from '../../../shared/contracts/notifications';
import { badgeLooks } from '../../components/badge-looks';
import { FormAlert } from '../../components/form-alert';
import { LoadMoreList } from '../../components/load-more-list';
import { usePageTitle } from '../../components/page-title';
import { StatusMessage, useNotice } from '../../components/status-message';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import {
  markAllNotificationsRead,
  markNotificationRead,
  notificationsKey,
  useNotifications,
} from './notifications-api';
import { useNotificationWords } from './notification-words';

/** The account's notifications, newest first; opening one marks it read. */
export function NotificationsPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('notifications.title'));
  const query = useNotifications();
  const queryClient = useQueryClient();
  const [message, setMessage] = useNotice();
  const unread = query.data?.pages[0]?.unread ?? 0;
  const readAll = useMutation({
    mutationFn: markAllNotificationsRead,
    onSuccess: async () => {
      setMessage((t) => t('notifications.allRead'));
      await queryClient.invalidateQueries({ queryKey: notificationsKey });
    },
  });
  return (
    <Stack gap="lg" maw={900}>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={1}>{t('notifications.title')}</Title>
        {unread > 0 && (
          <Button variant="default" onClick={() => readAll.mutate()} loading={readAll.isPending}>
            {t('notifications.markAllRead')}
          </Button>
        )}
      </Group>
      <StatusMessage message={message} />
      <FormAlert error={readAll.error} />
      <LoadMoreList
        query={query}
        empty={t('notifications.none')}
        shown={(count) => t('notifications.shown', { count })}
      >
        {(items) => (
          <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
            {items.map((item) => (
              <NotificationCard key={item.id} notification={item} />
            ))}
          </Stack>
        )}
      </LoadMoreList>
    </Stack>
  );
}

function NotificationCard({ notification }: { notification: Notification }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const words = useNotificationWords();
  const queryClient = useQueryClient();
  const open = (): void => {
    if (notification.read) return;
    void markNotificationRead(notification.id).then(() =>
      queryClient.invalidateQueries({ queryKey: notificationsKey }),
    );
  };
  const text = words(notification);
  return (
    <Paper
      component="li"
      withBorder
      p="md"
      radius="md"
      bg={notification.read ? undefined : 'var(--mantine-color-blue-0)'}
    >
      <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
        <Stack gap={4} style={{ flex: '1 1 16rem', minWidth: 0 }}>
          {notification.href ? (
            <Anchor
              component={Link}
              to={notification.href}
              onClick={open}
              fw={notification.read ? 400 : 700}
            >
              {text}
            </Anchor>
          ) : (
            <Text fw={notification.read ? 400 : 700}>{text}</Text>
          )}
          <Text size="sm" c="dimmed">
            {format.dateTime(notification.createdAt)}
          </Text>
        </Stack>
        <Badge {...(notification.read ? badgeLooks.quiet : badgeLooks.info)}>
          {notification.read ? t('notifications.read') : t('notifications.unread')}
        </Badge>
      </Group>
    </Paper>
  );
}
