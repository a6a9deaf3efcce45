import { InvitePersonButton } from './invite-person-button';
import { SignInQrButton } from './sign-in-qr-button';
import { PersonNotes } from './person-notes';
import {
  Button,
  Checkbox,
  Group,
  List,
  NativeSelect,
  Stack,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { type FormEvent, type ReactElement, useState } from 'react';
import type { ActionPlan, SavePlanBody } from '../../../shared/contracts/plans';
import { type StepOwner, stepOwners } from '../../../shared/pathway';
import { FormActions } from '../../components/form-actions';
import { Link } from '../../navigation';
import { fieldError } from '../../components/form-alert';
import { PageSection } from '../../components/page-section';
import { useFormat } from '../../format';
import { useT } from '../../i18n';
import { followUpsKey, planKey, savePlan, usePlan } from './plans-api';
import { PlanReviews } from './plan-reviews';
import { QueryContent } from '../../components/query-content';
import { SectionEdit, type SectionFormProps } from './section-edit';
import { useSectionSave } from './section-save';

type StepDraft = {
  key: number;
  id?: string;
  text: string;
  owner: StepOwner;
  dueOn: string;
  done: boolean;
};
type GoalDraft = { key: number; id?: string; text: string; steps: StepDraft[] };

let nextKey = 0;
const newKey = (): number => (nextKey += 1);

function draftsOf(plan: ActionPlan): GoalDraft[] {
  return plan.goals.map((goal) => ({
    key: newKey(),
    id: goal.id,
    text: goal.text,
    steps: goal.steps.map((step) => ({
      key: newKey(),
      id: step.id,
      text: step.text,
      owner: step.owner,
      dueOn: step.dueOn ?? '',
      done: step.done,
    })),
  }));
}

const emptyStep = (): StepDraft => ({
  key: newKey(),
  text: '',
  owner: 'person',
  dueOn: '',
  done: false,
});

const emptyGoal = (): GoalDraft => ({ key: newKey(), text: '', steps: [emptyStep()] });

function isOwner(value: string): value is StepOwner {
  return (stepOwners as readonly string[]).includes(value);
}

/** Whether anything of the plan was written down yet. */
function isWritten(plan: ActionPlan): boolean {
  return plan.goals.length > 0 || plan.agreedOn !== null;
}

/**
 * The co-produced action plan: goals in the person's words, steps, agreed date, reviews.
 * Read first; the form opens in its place when asked for.
 */
export function PlanSection({ caseId }: { caseId: string }): ReactElement {
  const { t } = useT();
  const query = usePlan(caseId);
  const save = useSectionSave([planKey(caseId), followUpsKey(caseId)], (body: SavePlanBody) =>
    savePlan(caseId, body),
  );
  return (
    <PageSection id="plan-title" title={t('plans.plan.title')}>
      <Text size="sm">{t('plans.plan.intro')}</Text>
      <QueryContent query={query}>
        {(data) => (
          <>
            {!data.permissions.canEdit && <Text>{t('plans.plan.readOnly')}</Text>}
            <SectionEdit
              editLabel={isWritten(data) ? t('plans.plan.edit') : t('plans.plan.write')}
              canEdit={data.permissions.canEdit}
              reading={<PlanReading plan={data} />}
              save={save}
              alertFields={['agreedOn', 'reviewOn']}
            >
              {(form) => <PlanForm key={data.version} plan={data} {...form} />}
            </SectionEdit>
            <Group>
              <Button component={Link} to={`/cases/${caseId}/plan/print`} variant="default">
                {t('plans.plan.print')}
              </Button>
              {data.permissions.canEdit && <InvitePersonButton caseId={caseId} />}
              {data.permissions.canEdit && <SignInQrButton caseId={caseId} />}
            </Group>
            <PersonNotes caseId={caseId} />
            <PlanReviews caseId={caseId} plan={data} />
          </>
        )}
      </QueryContent>
    </PageSection>
  );
}

/** The plan as text: each goal with its steps, who does them, by when and whether done. */
function PlanReading({ plan }: { plan: ActionPlan }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  if (!isWritten(plan)) return <Text>{t('plans.plan.none')}</Text>;
  return (
    <Stack gap="md">
      {plan.goals.map((goal, goalIndex) => {
        const headingId = `plan-goal-${goal.id}`;
        return (
          <Stack key={goal.id} component="article" aria-labelledby={headingId} gap="xs">
            <Title order={3} size="h4" id={headingId}>
              {t('plans.plan.goalShown', { number: goalIndex + 1, text: goal.text })}
            </Title>
            {goal.steps.length === 0 ? (
              <Text c="dimmed">{t('plans.plan.noSteps')}</Text>
            ) : (
              <List spacing="xs">
                {goal.steps.map((step) => (
                  <List.Item key={step.id}>
                    <Text>{step.text}</Text>
                    <Text size="sm">
                      {[
                        format.labelValue(t('plans.plan.owner'), t(`plans.owners.${step.owner}`)),
                        format.labelValue(
                          t('plans.plan.dueOn'),
                          step.dueOn ? format.date(step.dueOn) : t('plans.plan.noDueDate'),
                        ),
                        step.done ? t('plans.plan.stepDone') : t('plans.plan.stepNotDone'),
                      ].join(' · ')}
                    </Text>
                  </List.Item>
                ))}
              </List>
            )}
          </Stack>
        );
      })}
      <Text size="sm">
        {plan.agreedOn
          ? t('plans.plan.agreedOnShown', { date: format.date(plan.agreedOn) })
          : t('plans.plan.notAgreed')}
      </Text>
    </Stack>
  );
}

type FormProps = SectionFormProps<SavePlanBody> & {
  plan: ActionPlan;
};

function PlanForm({ plan, pending, error, onSave, onCancel }: FormProps): ReactElement {
  const { t } = useT();
  // A plan not written yet starts with its first goal to fill in.
  const [goals, setGoals] = useState<GoalDraft[]>(() =>
    plan.goals.length === 0 ? [emptyGoal()] : draftsOf(plan),
  );
  const [agreedOn, setAgreedOn] = useState(plan.agreedOn ?? '');
  const [reviewOn, setReviewOn] = useState('');

  const changeGoal = (key: number, change: (goal: GoalDraft) => GoalDraft): void =>
    setGoals((current) => current.map((goal) => (goal.key === key ? change(goal) : goal)));
  const changeStep = (goalKey: number, stepKey: number, change: Partial<StepDraft>): void =>
    changeGoal(goalKey, (goal) => ({
      ...goal,
      steps: goal.steps.map((step) => (step.key === stepKey ? { ...step, ...change } : step)),
    }));

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onSave({
      version: plan.version,
      agreedOn: agreedOn || null,
      reviewOn: reviewOn || null,
      goals: goals.map((goal) => ({
        ...(goal.id ? { id: goal.id } : {}),
        text: goal.text,
        steps: goal.steps.map((step) => ({
          ...(step.id ? { id: step.id } : {}),
          text: step.text,
          owner: step.owner,
          dueOn: step.dueOn || null,
          done: step.done,
        })),
      })),
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="plan-title">
      <Stack>
        {goals.length === 0 && <Text c="dimmed">{t('plans.plan.noGoals')}</Text>}
        {goals.map((goal, goalIndex) => {
          const number = goalIndex + 1;
          const path = `goals.${goalIndex}`;
          return (
            <Stack
              key={goal.key}
              component="fieldset"
              gap="sm"
              p="sm"
              m={0}
              style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 8 }}
            >
              <Text component="legend" fw={700} px={4}>
                {t('plans.plan.goalHeading', { number })}
              </Text>
              <Textarea
                label={t('plans.plan.goalText')}
                autosize
                minRows={1}
                required
                value={goal.text}
                onChange={(event) => {
                  const text = event.currentTarget.value;
                  changeGoal(goal.key, (g) => ({ ...g, text }));
                }}
                error={fieldError(error, `${path}.text`)}
              />
              {goal.steps.map((step, stepIndex) => {
                const stepNumber = stepIndex + 1;
                const stepPath = `${path}.steps.${stepIndex}`;
                return (
                  <Stack
                    key={step.key}
                    component="fieldset"
                    gap="xs"
                    p="xs"
                    m={0}
                    style={{ border: '1px dashed var(--mantine-color-gray-4)', borderRadius: 8 }}
                  >
                    <Text component="legend" fw={600} size="sm" px={4}>
                      {t('plans.plan.stepLegend', { number: stepNumber })}
                    </Text>
                    <TextInput
                      label={t('plans.plan.stepText')}
                      required
                      value={step.text}
                      onChange={(event) =>
                        changeStep(goal.key, step.key, { text: event.currentTarget.value })
                      }
                      error={fieldError(error, `${stepPath}.text`)}
                    />
                    <Group grow preventGrowOverflow={false} wrap="wrap" align="flex-end">
                      <NativeSelect
                        label={t('plans.plan.owner')}
                        miw={150}
                        data={stepOwners.map((owner) => ({
                          value: owner,
                          label: t(`plans.owners.${owner}`),
                        }))}
                        value={step.owner}
                        onChange={(event) => {
                          const owner = event.currentTarget.value;
                          if (isOwner(owner)) changeStep(goal.key, step.key, { owner });
                        }}
                      />
                      <TextInput
                        type="date"
                        label={t('plans.plan.dueOn')}
                        miw={150}
                        value={step.dueOn}
                        onChange={(event) =>
                          changeStep(goal.key, step.key, { dueOn: event.currentTarget.value })
                        }
                        error={fieldError(error, `${stepPath}.dueOn`)}
                      />
                    </Group>
                    <Group justify="space-between">
                      <Checkbox
                        label={t('plans.plan.done')}
                        checked={step.done}
                        onChange={(event) =>
                          changeStep(goal.key, step.key, { done: event.currentTarget.checked })
                        }
                      />
                      <Button
                        variant="light"
                        color="red"
                        size="compact-sm"
                        onClick={() =>
                          changeGoal(goal.key, (g) => ({
                            ...g,
                            steps: g.steps.filter((s) => s.key !== step.key),
                          }))
                        }
                      >
                        {t('plans.plan.removeStep', { number: stepNumber })}
                      </Button>
                    </Group>
                  </Stack>
                );
              })}
              <Group>
                <Button
                  variant="light"
                  size="compact-sm"
                  onClick={() =>
                    changeGoal(goal.key, (g) => ({ ...g, steps: [...g.steps, emptyStep()] }))
                  }
                >
                  {t('plans.plan.addStep')}
                </Button>
                <Button
                  variant="light"
                  color="red"
                  size="compact-sm"
                  onClick={() => setGoals((current) => current.filter((g) => g.key !== goal.key))}
                >
                  {t('plans.plan.removeGoal', { number })}
                </Button>
              </Group>
            </Stack>
          );
        })}
        <Group>
          <Button variant="light" onClick={() => setGoals((current) => [...current, emptyGoal()])}>
            {t('plans.plan.addGoal')}
          </Button>
        </Group>
        <Group grow preventGrowOverflow={false} wrap="wrap" align="flex-start">
          <TextInput
            type="date"
            label={t('plans.plan.agreedOn')}
            miw={180}
            value={agreedOn}
            onChange={(event) => setAgreedOn(event.currentTarget.value)}
            error={fieldError(error, 'agreedOn')}
          />
          <TextInput
            type="date"
            label={t('plans.plan.reviewOn')}
            description={t('plans.plan.reviewOnHelp')}
            miw={180}
            value={reviewOn}
            onChange={(event) => setReviewOn(event.currentTarget.value)}
            error={fieldError(error, 'reviewOn')}
          />
        </Group>
        <FormActions submitLabel={t('plans.plan.save')} pending={pending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
