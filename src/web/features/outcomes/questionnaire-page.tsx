import { Alert, Button, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactElement, useEffect, useRef, useState } from 'react';
import { useParams } from '../../navigation';
import type { Questionnaire } from '../../../shared/contracts/outcomes';
import { asApiError } from '../../api';
import { FormAlert } from '../../components/form-alert';
import { PageLoader } from '../../components/page-loader';
import { usePageTitle } from '../../components/page-title';
import { PublicLayout } from '../../components/public-layout';
import { switchLocale, useT } from '../../i18n';
import { ItemFieldset } from './item-fieldset';
import { answerQuestionnaire, useQuestionnaire } from './outcomes-api';

/** Public: the person answers their questionnaire from a link, on their phone. */
export function QuestionnaireRoute(): ReactElement {
  return (
    <PublicLayout>
      <QuestionnairePage />
    </PublicLayout>
  );
}

function QuestionnairePage(): ReactElement {
  const { t, locale } = useT();
  usePageTitle(t('outcomes.questionnaire.pageTitle'));
  const { token = '' } = useParams();
  // First in the person's own language; once shown, in whichever language they switch to.
  const [adopted, setAdopted] = useState(false);
  const query = useQuestionnaire(token, adopted ? locale : undefined);
  const data = query.data;
  useEffect(() => {
    // Adopted once the interface speaks the person's language, so the next fetch asks for it.
    if (data && !adopted) void switchLocale(data.locale).then(() => setAdopted(true));
  }, [data, adopted]);
  if (query.isPending) return <PageLoader />;
  if (!data) return <LinkProblem error={query.error} />;
  return <QuestionnaireForm token={token} questionnaire={data} />;
}

function LinkProblem({ error }: { error: unknown }): ReactElement {
  const { t } = useT();
  const code = asApiError(error)?.code;
  const message =
    code === 'link_used'
      ? t('outcomes.questionnaire.used')
      : code === 'link_expired'
        ? t('outcomes.questionnaire.expired')
        : code === 'link_invalid'
          ? t('outcomes.questionnaire.invalid')
          : (asApiError(error)?.message ?? t('common.unexpectedError'));
  return (
    <Stack>
      <Title order={1}>{t('outcomes.questionnaire.pageTitle')}</Title>
      <Alert color={code === 'link_used' ? 'teal' : 'red'} role="alert">
        {message}
      </Alert>
    </Stack>
  );
}

type Step = {
  instrumentId: string;
  instructions: string | null;
  item: Questionnaire['instruments'][number]['items'][number];
  firstOfInstrument: boolean;
};

function stepsOf(questionnaire: Questionnaire): Step[] {
  return questionnaire.instruments.flatMap((instrument) =>
    instrument.items.map((item, index) => ({
      instrumentId: instrument.instrumentId,
      instructions: instrument.instructions,
      item,
      firstOfInstrument: index === 0,
    })),
  );
}

function QuestionnaireForm({
  token,
  questionnaire,
}: {
  token: string;
  questionnaire: Questionnaire;
}): ReactElement {
  const { t } = useT();
  const steps = stepsOf(questionnaire);
  const [index, setIndex] = useState(0);
  const [answers, setAnswers] = useState<Record<string, Record<string, number | null>>>({});
  const headingRef = useRef<HTMLHeadingElement>(null);
  const send = useMutation({
    mutationFn: () => answerQuestionnaire(token, { answers }),
  });
  const firstRender = useRef(true);
  useEffect(() => {
    // Moving to another question puts the focus on its heading, so a screen reader reads it.
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [index]);

  if (send.isSuccess) {
    return (
      <Stack>
        <Title order={1}>{t('outcomes.questionnaire.thanksTitle')}</Title>
        <Alert color="teal" role="status">
          {t('outcomes.questionnaire.thanks')}
        </Alert>
        {send.data.showCrisisSupport && (
          <Alert color="red" role="alert" title={t('outcomes.questionnaire.crisisTitle')}>
            {t('outcomes.questionnaire.crisis')}
          </Alert>
        )}
      </Stack>
    );
  }

  const step = steps[index];
  if (!step) return <LinkProblem error={null} />;
  const last = index === steps.length - 1;
  const value = answers[step.instrumentId]?.[step.item.id] ?? null;
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (last) send.mutate();
    else setIndex(index + 1);
  };
  const progress = t('outcomes.questionnaire.progress', {
    current: index + 1,
    total: steps.length,
  });

  return (
    <Stack gap="md">
      <Title order={1}>
        {t('outcomes.questionnaire.greeting', { name: questionnaire.givenName })}
      </Title>
      {index === 0 && <Text>{t('outcomes.questionnaire.intro')}</Text>}
      <form onSubmit={submit} noValidate aria-labelledby="questionnaire-step-title">
        <Stack gap="md">
          {/* Where the person is, not what is measured: the page never names the scale. */}
          <Title order={2} id="questionnaire-step-title" ref={headingRef} tabIndex={-1} size="h4">
            {progress}
          </Title>
          <Progress value={((index + 1) / steps.length) * 100} aria-hidden size="sm" />
          {step.firstOfInstrument && step.instructions && <Text>{step.instructions}</Text>}
          <FormAlert error={send.error} />
          <ItemFieldset
            key={`${step.instrumentId}-${step.item.id}`}
            name={`${step.instrumentId}-${step.item.id}`}
            legend={step.item.text}
            options={step.item.options}
            value={value}
            large
            onChange={(chosen) =>
              setAnswers((current) => ({
                ...current,
                [step.instrumentId]: { ...current[step.instrumentId], [step.item.id]: chosen },
              }))
            }
          />
          <Group justify="space-between" wrap="nowrap">
            <Button
              variant="default"
              size="lg"
              disabled={index === 0}
              onClick={() => setIndex(index - 1)}
            >
              {t('outcomes.questionnaire.back')}
            </Button>
            <Button type="submit" size="lg" loading={send.isPending}>
              {last ? t('outcomes.questionnaire.submit') : t('outcomes.questionnaire.next')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
