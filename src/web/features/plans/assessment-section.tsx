import { Checkbox, Group, List, Radio, Stack, Text, Textarea } from '@mantine/core';
import { type FormEvent, type ReactElement, useState } from 'react';
import type { Assessment, AssessmentNeeds } from '../../../shared/contracts/plans';
import {
  type Barrier,
  type NeedLevel,
  barriers,
  needDomains,
  needLevels,
} from '../../../shared/pathway';
import { DetailList } from '../../components/detail-list';
import { FormActions } from '../../components/form-actions';
import { fieldError } from '../../components/form-alert';
import { PageSection } from '../../components/page-section';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { assessmentKey, saveAssessment, useAssessment } from './plans-api';
import { QueryContent } from '../../components/query-content';
import { SectionEdit, type SectionFormProps } from './section-edit';
import { useSectionSave } from './section-save';

const fields = ['whatMatters', 'needs', 'strengths', 'interests', 'barriers', 'barrierNotes'];

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/** Whether anything of the assessment was written down yet. */
function isRecorded(assessment: Assessment): boolean {
  return (
    Boolean(assessment.whatMatters) ||
    Boolean(assessment.strengths) ||
    Boolean(assessment.interests) ||
    Object.values(assessment.needs).some(Boolean) ||
    assessment.barriers.length > 0 ||
    Boolean(assessment.barrierNotes) ||
    assessment.completedAt !== null
  );
}

/**
 * "What matters to you": strengths and interests first, then needs and barriers. Read first;
 * the form opens in its place when asked for.
 */
export function AssessmentSection({ caseId }: { caseId: string }): ReactElement {
  const { t } = useT();
  const query = useAssessment(caseId);
  const save = useSectionSave(
    [assessmentKey(caseId)],
    (body: Parameters<typeof saveAssessment>[1]) => saveAssessment(caseId, body),
  );
  return (
    <PageSection id="assessment-title" title={t('plans.assessment.title')}>
      <Text size="sm">{t('plans.assessment.intro')}</Text>
      <QueryContent query={query}>
        {(data) => (
          <>
            <SectionEdit
              editLabel={
                isRecorded(data) ? t('plans.assessment.edit') : t('plans.assessment.record')
              }
              canEdit={data.permissions.canEdit}
              reading={<AssessmentReading assessment={data} />}
              save={save}
              alertFields={fields}
            >
              {(form) => <AssessmentForm key={data.version} assessment={data} {...form} />}
            </SectionEdit>
          </>
        )}
      </QueryContent>
    </PageSection>
  );
}

/** The assessment as text: each part under its label, needs by area with their level. */
function AssessmentReading({ assessment }: { assessment: Assessment }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  if (!isRecorded(assessment)) return <Text>{t('plans.assessment.none')}</Text>;
  const notRecorded = (
    <Text span c="dimmed">
      {t('plans.assessment.notRecorded')}
    </Text>
  );
  const needs = needDomains.flatMap((domain) => {
    const level = assessment.needs[domain];
    return level ? [{ domain, level }] : [];
  });
  return (
    <Stack gap="sm">
      <DetailList
        items={[
          {
            label: t('plans.assessment.whatMatters'),
            value: assessment.whatMatters || notRecorded,
          },
          { label: t('plans.assessment.strengths'), value: assessment.strengths || notRecorded },
          { label: t('plans.assessment.interests'), value: assessment.interests || notRecorded },
          {
            label: t('plans.assessment.needs'),
            value:
              needs.length === 0 ? (
                notRecorded
              ) : (
                <List size="sm" spacing={2}>
                  {needs.map(({ domain, level }) => (
                    <List.Item key={domain}>
                      {format.labelValue(
                        t(`plans.needDomains.${domain}`),
                        t(`plans.assessment.needLevels.${level}`),
                      )}
                    </List.Item>
                  ))}
                </List>
              ),
          },
          {
            label: t('plans.assessment.barriers'),
            value:
              assessment.barriers.length === 0
                ? notRecorded
                : assessment.barriers.map((b) => t(`plans.barrierNames.${b}`)).join(', '),
          },
          {
            label: t('plans.assessment.barrierNotes'),
            value: assessment.barrierNotes || notRecorded,
          },
        ]}
      />
      <Text size="sm">
        {assessment.completedAt
          ? t('plans.assessment.completedShown', { date: format.date(assessment.completedAt) })
          : t('plans.assessment.notCompleted')}
      </Text>
    </Stack>
  );
}

type FormProps = SectionFormProps<Parameters<typeof saveAssessment>[1]> & {
  assessment: Assessment;
};

function AssessmentForm({ assessment, pending, error, onSave, onCancel }: FormProps): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const [whatMatters, setWhatMatters] = useState(assessment.whatMatters ?? '');
  const [needs, setNeeds] = useState<AssessmentNeeds>(assessment.needs);
  const [strengths, setStrengths] = useState(assessment.strengths ?? '');
  const [interests, setInterests] = useState(assessment.interests ?? '');
  const [chosen, setChosen] = useState<Barrier[]>(assessment.barriers);
  const [barrierNotes, setBarrierNotes] = useState(assessment.barrierNotes ?? '');
  const [completed, setCompleted] = useState(assessment.completedAt !== null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onSave({
      whatMatters,
      needs,
      strengths,
      interests,
      barriers: chosen,
      barrierNotes,
      completed,
      version: assessment.version,
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="assessment-title">
      <Stack>
        <Textarea
          label={t('plans.assessment.whatMatters')}
          autosize
          minRows={2}
          value={whatMatters}
          onChange={(event) => setWhatMatters(event.currentTarget.value)}
          error={fieldError(error, 'whatMatters')}
        />
        <Textarea
          label={t('plans.assessment.strengths')}
          autosize
          minRows={2}
          value={strengths}
          onChange={(event) => setStrengths(event.currentTarget.value)}
          error={fieldError(error, 'strengths')}
        />
        <Textarea
          label={t('plans.assessment.interests')}
          autosize
          minRows={2}
          value={interests}
          onChange={(event) => setInterests(event.currentTarget.value)}
          error={fieldError(error, 'interests')}
        />
        <Stack component="fieldset" gap="xs" m={0} p={0} style={{ border: 0 }}>
          <Text component="legend" fw={600} size="sm" mb="xs">
            {t('plans.assessment.needs')}
          </Text>
          {needDomains.map((domain) => (
            <Radio.Group
              key={domain}
              label={t(`plans.needDomains.${domain}`)}
              value={needs[domain] ?? ''}
              onChange={(value) => {
                if (!isOneOf<NeedLevel>(needLevels, value)) return;
                setNeeds((current) => ({ ...current, [domain]: value }));
              }}
            >
              <Group gap="md" mt={4}>
                {needLevels.map((level) => (
                  <Radio
                    key={level}
                    value={level}
                    label={t(`plans.assessment.needLevels.${level}`)}
                  />
                ))}
              </Group>
            </Radio.Group>
          ))}
        </Stack>
        <Checkbox.Group
          label={t('plans.assessment.barriers')}
          value={chosen}
          onChange={(values) => {
            setChosen(values.filter((v) => isOneOf<Barrier>(barriers, v)));
          }}
          error={fieldError(error, 'barriers')}
        >
          <Group gap="md" mt={4}>
            {barriers.map((barrier) => (
              <Checkbox key={barrier} value={barrier} label={t(`plans.barrierNames.${barrier}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Textarea
          label={t('plans.assessment.barrierNotes')}
          autosize
          minRows={2}
          value={barrierNotes}
          onChange={(event) => setBarrierNotes(event.currentTarget.value)}
          error={fieldError(error, 'barrierNotes')}
        />
        <Checkbox
          label={t('plans.assessment.completed')}
          checked={completed}
          onChange={(event) => setCompleted(event.currentTarget.checked)}
          description={
            assessment.completedAt
              ? t('plans.assessment.completedOn', { date: format.date(assessment.completedAt) })
              : undefined
          }
        />
        <FormActions
          submitLabel={t('plans.assessment.save')}
          pending={pending}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
