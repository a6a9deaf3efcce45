import { Text, Timeline } from '@mantine/core';
import type { ReactElement } from 'react';
import type { ConnectionEvent } from '../../../shared/contracts/connections';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { reasonLabel } from './step-fields';

/** The loop so far, oldest first: each status, when, by whom or by emailed link, and why. */
export function ConnectionTimeline({
  activity,
  organisationName,
  events,
}: {
  activity: string;
  /** The partner on whose behalf an answer by phone was recorded. */
  organisationName: string;
  events: ConnectionEvent[];
}): ReactElement {
  const { t } = useT();
  const format = useFormat();
  return (
    <Timeline
      active={events.length - 1}
      bulletSize={14}
      lineWidth={2}
      aria-label={t('connections.historyTitle', { activity })}
      role="list"
    >
      {events.map((event) => (
        <Timeline.Item
          key={`${event.toStatus}-${event.via}-${event.at}`}
          role="listitem"
          title={t('connections.historyLine', {
            status: t(`connections.status.${event.toStatus}`),
            at: format.dateTime(event.at),
          })}
        >
          <Text size="xs">
            {event.via === 'person'
              ? t('connections.byPerson', {
                  said: t(`connections.personSaid.${event.personSaid ?? 'something_else'}`),
                })
              : event.via === 'link'
                ? t('connections.byLink')
                : event.via === 'phone'
                  ? t('connections.byPhone', {
                      name: event.actorName ?? '—',
                      organisation: organisationName,
                    })
                  : event.actorName
                    ? t('connections.by', { name: event.actorName })
                    : ''}
          </Text>
          {event.reason && (
            <Text size="xs">
              {t('connections.reasonShown', {
                reason: reasonLabel(t, event.reason),
              })}
            </Text>
          )}
          {event.note && <Text size="xs">{event.note}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
