import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { Link, useParams } from '../../navigation';
import { LoadError } from '../../components/load-error';
import { PageLoader } from '../../components/page-loader';
import { PageSection } from '../../components/page-section';
import { usePageTitle } from '../../components/page-title';
import { StatusMessage, useNotice } from '../../components/status-message';
import { useT } from '../../i18n';
import type { PartnerConnectionStatus } from '../../../shared/contracts/connections';
import { answerConnection, partnerConnectionsKey, usePartnerConnection } from './connections-api';
import { PartnerDetails } from './partner-details';
import { StepForm, type StepSubmission } from './step-form';
import { AcceptanceDetails } from './acceptance-details';
import { ConnectionStatusBadge } from './connection-status-badge';

/** One connection sent to the partner: who, what they want, and the partner's next answer. */
export function PartnerConnectionPage(): ReactElement {
  const { t } = useT();
  const { id = '' } = useParams();
  const query = usePartnerConnection(id);
  const queryClient = useQueryClient();
  const [saved, setSaved] = useNotice();
  const answer = useMutation({
    mutationFn: (step: StepSubmission & { version: number }) =>
      answerConnection(id, {
        to: step.to as PartnerConnectionStatus,
        version: step.version,
        ...(step.reason ? { reason: step.reason } : {}),
        ...(step.firstAttendedOn ? { firstAttendedOn: step.firstAttendedOn } : {}),
        ...(step.startsOn ? { startsOn: step.startsOn } : {}),
        ...(step.partnerMessage ? { partnerMessage: step.partnerMessage } : {}),
      }),
    onSuccess: async (updated) => {
      const status = updated.status;
      setSaved((t) => t('connections.move.saved', { status: t(`connections.status.${status}`) }));
      await queryClient.invalidateQueries({ queryKey: partnerConnectionsKey });
    },
  });
  const data = query.data;
  usePageTitle(
    data
      ? t('connections.partner.detailTitle', { activity: data.activity, name: data.person.name })
      : t('connections.partner.title'),
  );
  if (query.isPending) return <PageLoader />;
  if (!data) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <Stack gap="lg">
      <Anchor component={Link} to="/partner/connections">
        {t('connections.partner.back')}
      </Anchor>
      <Title order={1}>
        {t('connections.partner.detailTitle', { activity: data.activity, name: data.person.name })}
      </Title>
      <div>
        <ConnectionStatusBadge status={data.status} />
      </div>
      <AcceptanceDetails connection={data} />
      <PartnerDetails connection={data} />
      <PageSection id="partner-answer-title" title={t('connections.partner.answer')}>
        {data.permissions.nextStatuses.length > 0 ? (
          <StepForm
            key={data.version}
            activity={data.activity}
            options={data.permissions.nextStatuses}
            withNote={false}
            pending={answer.isPending}
            error={answer.error}
            onSubmit={(step) => answer.mutate({ ...step, version: data.version })}
          />
        ) : (
          <Text>{t('connections.partner.nothingToDo')}</Text>
        )}
        <StatusMessage message={saved} />
      </PageSection>
    </Stack>
  );
}
