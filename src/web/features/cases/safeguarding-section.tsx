import { Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { type ReactElement, Suspense, lazy, useState } from 'react';
import type { CaseDetail, SafeguardingConcern } from '../../../shared/contracts/cases';
import { FormReveal } from '../../components/form-reveal';
import { FormAlert } from '../../components/form-alert';
import { PageLoader } from '../../components/page-loader';
import { PageSection } from '../../components/page-section';
import { StatusMessage } from '../../components/status-message';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { badgeLooks } from '../../components/badge-looks';
import { useCaseLabels } from './case-labels';
import { acknowledgeSafeguarding } from './cases-api';
import { useCaseMutation } from './case-mutation';

// The form comes when asked for: most visits to a case raise no concern.
const RaiseConcernForm = lazy(async () => ({
  default: (await import('./raise-concern-form')).RaiseConcernForm,
}));

/** Safeguarding concerns: raised by anyone working on the case, acknowledged by the manager. */
export function SafeguardingSection({ detail }: { detail: CaseDetail }): ReactElement {
  const { t } = useT();
  const [raised, setRaised] = useState(false);
  return (
    <PageSection id="case-safeguarding" title={t('cases.safeguarding.heading')}>
      {detail.safeguarding.length === 0 ? (
        <Text c="dimmed">{t('cases.safeguarding.empty')}</Text>
      ) : (
        <Stack gap="sm">
          {detail.safeguarding.map((concern) => (
            <ConcernCard key={concern.id} detail={detail} concern={concern} />
          ))}
        </Stack>
      )}
      {detail.permissions.canRaiseSafeguarding && (
        <FormReveal label={t('cases.safeguarding.raise')}>
          {(close) => (
            <Suspense fallback={<PageLoader />}>
              <RaiseConcernForm
                detail={detail}
                onCancel={close}
                onRaised={() => {
                  setRaised(true);
                  close();
                }}
              />
            </Suspense>
          )}
        </FormReveal>
      )}
      <StatusMessage message={raised ? t('cases.safeguarding.raised') : null} />
    </PageSection>
  );
}

function ConcernCard({
  detail,
  concern,
}: {
  detail: CaseDetail;
  concern: SafeguardingConcern;
}): ReactElement {
  const { t } = useT();
  const labels = useCaseLabels();
  const format = useFormat();
  const acknowledge = useCaseMutation(detail.id, () =>
    acknowledgeSafeguarding(detail.id, concern.id),
  );
  return (
    <Card withBorder padding="sm">
      <Stack gap={4}>
        <Group gap="xs">
          <Badge {...(concern.level === 'urgent' ? badgeLooks.alert : badgeLooks.warning)}>
            {labels.level(concern.level)}
          </Badge>
          <Text size="sm">
            {t('cases.safeguarding.raisedBy', {
              name: concern.raisedByName ?? '—',
              when: format.dateTime(concern.createdAt),
            })}
          </Text>
        </Group>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{concern.description}</Text>
        <Text size="sm" c={concern.acknowledgedAt ? undefined : 'red.9'}>
          {concern.acknowledgedAt
            ? t('cases.safeguarding.acknowledgedBy', {
                name: concern.acknowledgedByName ?? '—',
                when: format.dateTime(concern.acknowledgedAt),
              })
            : t('cases.safeguarding.notAcknowledged')}
        </Text>
        <FormAlert error={acknowledge.error} />
        {!concern.acknowledgedAt && detail.permissions.canAcknowledgeSafeguarding && (
          <Button
            size="xs"
            variant="light"
            w="fit-content"
            loading={acknowledge.isPending}
            onClick={() => acknowledge.mutate(undefined)}
          >
            {t('cases.safeguarding.acknowledge')}
          </Button>
        )}
      </Stack>
    </Card>
  );
}
