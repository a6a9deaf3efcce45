import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useState } from 'react';
import { useParams } from '../../navigation';
import type { LinkView } from '../../../shared/contracts/connections';
import { asApiError } from '../../api';
import { FormAlert } from '../../components/form-alert';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { PublicLayout } from '../../components/public-layout';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { actOnLink, useLink } from './connections-api';
import { PartnerDetails } from './partner-details';
import { AcceptanceDetails } from './acceptance-details';
import {
  StepFields,
  type StepValues,
  emptyStepValues,
  stepBody,
  stepFieldNames,
} from './step-fields';

/** Public: a partner without an account answers one connection from an emailed link. */
export function RespondRoute(): ReactElement {
  return (
    <PublicLayout>
      <RespondPage />
    </PublicLayout>
  );
}

function RespondPage(): ReactElement {
  const { t } = useT();
  usePageTitle(t('connections.respond.pageTitle'));
  const { token = '' } = useParams();
  const query = useLink(token);
  if (query.isPending) return <PageLoader />;
  if (!query.data) return <LinkProblem error={query.error} />;
  return <RespondForm token={token} view={query.data} />;
}

function LinkProblem({ error }: { error: unknown }): ReactElement {
  const { t } = useT();
  const code = asApiError(error)?.code;
  const message =
    code === 'link_used'
      ? t('connections.respond.used')
      : code === 'link_expired'
        ? t('connections.respond.expired')
        : code === 'link_invalid'
          ? t('connections.respond.invalid')
          : (asApiError(error)?.message ?? t('common.unexpectedError'));
  return (
    <Stack>
      <Title order={1}>{t('connections.respond.pageTitle')}</Title>
      <Alert color="red" role="alert">
        {message}
      </Alert>
    </Stack>
  );
}

function RespondForm({ token, view }: { token: string; view: LinkView }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const [values, setValues] = useState<StepValues>(emptyStepValues);
  const act = useMutation({
    mutationFn: () => actOnLink(token, stepBody(view.action, values)),
  });
  const { connection } = view;
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    act.mutate();
  };
  if (act.isSuccess) {
    return (
      <Stack>
        <Title order={1}>{t('connections.respond.title', { activity: connection.activity })}</Title>
        <Alert color="teal" role="status">
          {t('connections.respond.done', {
            status: format.midSentence(t(`connections.status.${act.data.status}`)),
          })}
        </Alert>
      </Stack>
    );
  }
  const spent = asApiError(act.error)?.code;
  if (spent === 'link_used' || spent === 'link_expired' || spent === 'link_invalid') {
    return <LinkProblem error={act.error} />;
  }
  return (
    <Stack>
      <Title order={1}>{t('connections.respond.title', { activity: connection.activity })}</Title>
      <Text>
        {t('connections.respond.intro', {
          site: connection.linkWorker.siteName,
          activity: connection.activity,
          organisation: connection.organisationName,
        })}
      </Text>
      <PartnerDetails connection={connection} />
      <AcceptanceDetails connection={connection} />
      <Paper withBorder p="md" radius="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <FormAlert error={act.error} fields={stepFieldNames} />
            <StepFields to={view.action} values={values} onChange={setValues} error={act.error} />
            <Button type="submit" loading={act.isPending} fullWidth>
              {t('connections.respond.submit', {
                action: t(`connections.actions.${view.action}`),
              })}
            </Button>
            <Text size="sm">
              {t('connections.respond.expires', { date: format.date(view.expiresAt) })}
            </Text>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
