import { Button, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import type { Connection } from '../../../shared/contracts/connections';
import { FormReveal } from '../../components/form-reveal';
import { PageSection } from '../../components/page-section';
import { StatusMessage, useNotice } from '../../components/status-message';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { reasonLabel } from './step-fields';
import { FindActivityLink, ReferralStatusBadge } from '../directory-search';
import { AddConnection } from './add-connection';
import { caseConnectionsKey, moveConnection, useCaseConnections } from './connections-api';
import { ConnectionTimeline } from './connection-timeline';
import { StepForm, type StepSubmission } from './step-form';
import { PageLoader } from '../../components/page-loader';
import { LoadError } from '../../components/load-error';
import { AcceptanceDetails } from './acceptance-details';
import { ConnectionStatusBadge } from './connection-status-badge';
import { PhoneAnswer } from './phone-answer';

/** The case screen's connections: each one's loop, its next steps, and adding another. */
export function CaseConnectionsSection({ caseId }: { caseId: string }): ReactElement {
  const { t } = useT();
  const query = useCaseConnections(caseId);
  const [created, setCreated] = useNotice();
  return (
    <PageSection id="connections-title" title={t('connections.title')}>
      <Text size="sm">{t('connections.intro')}</Text>
      {query.isPending ? (
        <PageLoader />
      ) : query.isError ? (
        <LoadError error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <>
          {query.data.items.length === 0 ? (
            <Text>{t('connections.none')}</Text>
          ) : (
            <Stack gap="md">
              {query.data.items.map((connection) => (
                <ConnectionCard key={connection.id} caseId={caseId} connection={connection} />
              ))}
            </Stack>
          )}
          {query.data.permissions.create && (
            <Stack gap="sm">
              <div>
                <FindActivityLink caseId={caseId} />
              </div>
              <FormReveal label={t('connections.add.open')}>
                {(close) => (
                  <AddConnection
                    caseId={caseId}
                    onCreated={() => {
                      setCreated((t) => t('connections.add.created'));
                      close();
                    }}
                    onCancel={close}
                  />
                )}
              </FormReveal>
              <StatusMessage message={created} />
            </Stack>
          )}
        </>
      )}
    </PageSection>
  );
}

function ConnectionCard({
  caseId,
  connection,
}: {
  caseId: string;
  connection: Connection;
}): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useNotice();
  const headingId = `connection-${connection.id}`;
  const move = useMutation({
    mutationFn: (step: StepSubmission) =>
      moveConnection(connection.id, { ...step, version: connection.version }),
    onSuccess: async (updated) => {
      const status = updated.status;
      setSaved((t) => t('connections.move.saved', { status: t(`connections.status.${status}`) }));
      await queryClient.invalidateQueries({ queryKey: caseConnectionsKey(caseId) });
    },
  });
  return (
    <Paper component="article" aria-labelledby={headingId} withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Title order={3} size="h4" id={headingId} style={{ flex: '1 1 12rem' }}>
            {connection.activity} – {connection.organisationName}
          </Title>
          <ConnectionStatusBadge status={connection.status} />
        </Group>
        {connection.referralStatus && (
          <Group gap="xs">
            <Text size="sm">{t('connections.referralStatus')}</Text>
            <ReferralStatusBadge status={connection.referralStatus} />
          </Group>
        )}
        <List size="sm" spacing={2} listStyleType="none">
          {connection.personWants && (
            <List.Item>{t('connections.wantsShown', { wants: connection.personWants })}</List.Item>
          )}
          {connection.partnerEmail && (
            <List.Item>
              {t('connections.partnerEmailShown', { email: connection.partnerEmail })}
            </List.Item>
          )}
          {connection.statusReason && (
            <List.Item>
              {t('connections.reasonShown', {
                reason: reasonLabel(t, connection.statusReason),
              })}
            </List.Item>
          )}
          {connection.firstAttendedOn && (
            <List.Item>
              {t('connections.firstAttendedShown', {
                date: format.date(connection.firstAttendedOn),
              })}
            </List.Item>
          )}
        </List>
        <AcceptanceDetails connection={connection} />
        <ConnectionTimeline
          activity={connection.activity}
          organisationName={connection.organisationName}
          events={connection.events}
        />
        {connection.permissions.nextStatuses.length > 0 && (
          <FormReveal label={t('connections.move.open')}>
            {(close) => (
              <StepForm
                key={connection.version}
                activity={connection.activity}
                options={connection.permissions.nextStatuses}
                withNote
                pending={move.isPending}
                error={move.error}
                onSubmit={(step) => move.mutate(step, { onSuccess: close })}
              >
                <Button variant="default" onClick={close}>
                  {t('connections.move.cancel')}
                </Button>
              </StepForm>
            )}
          </FormReveal>
        )}
        {connection.permissions.partnerAnswers.length > 0 && (
          <PhoneAnswer caseId={caseId} connection={connection} onSaved={setSaved} />
        )}
        <StatusMessage message={saved} />
      </Stack>
    </Paper>
  );
}
