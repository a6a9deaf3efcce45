import { Text, Timeline } from '@mantine/core';
import type { ReactElement } from 'react';
import { type CaseDetail, reassignedReason } from '../../../shared/contracts/cases';
import { PageSection } from '../../components/page-section';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { useCaseLabels } from './case-labels';

/** Every status the case went through, when, by whom and why. */
export function HistorySection({ detail }: { detail: CaseDetail }): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const format = useFormat();
  return (
    <PageSection id="case-history" title={t('cases.history.heading')}>
      <Timeline bulletSize={12} lineWidth={2} active={detail.history.length - 1}>
        {detail.history.map((event, index) => (
          <Timeline.Item
            key={`${event.at}-${index}`}
            title={
              event.reason === reassignedReason
                ? t('cases.history.reassigned')
                : event.fromStatus
                  ? t('cases.history.moved', {
                      from: labels.status(event.fromStatus),
                      to: labels.status(event.toStatus),
                    })
                  : format.labelValue(t('cases.history.created'), labels.status(event.toStatus))
            }
          >
            <Text size="sm">
              {format.dateTime(event.at)}
              {event.actorName && ` · ${t('cases.history.by', { name: event.actorName })}`}
            </Text>
            {event.reason && event.reason !== reassignedReason && (
              <Text size="sm">{labels.closureReason(event.reason)}</Text>
            )}
            {event.note && (
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                {event.note}
              </Text>
            )}
          </Timeline.Item>
        ))}
      </Timeline>
    </PageSection>
  );
}
