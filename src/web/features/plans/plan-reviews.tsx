import { List, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type FormEvent, type ReactElement, useState } from 'react';
import type { ActionPlan, CreatePlanReviewBody } from '../../../shared/contracts/plans';
import { FormActions } from '../../components/form-actions';
import { fieldError, FormAlert } from '../../components/form-alert';
import { FormReveal } from '../../components/form-reveal';
import { StatusMessage, useNotice } from '../../components/status-message';
import { today, useFormat } from '../../format';
import { useT } from '../../i18n';
import { addReview, planKey } from './plans-api';
import { useSectionSave } from './section-save';

/** Reviews of the plan over time, newest first, and a form to record one when asked for. */
export function PlanReviews({ caseId, plan }: { caseId: string; plan: ActionPlan }): ReactElement {
  const { t } = useT();
  const format = useFormat();
  const [saved, setSaved] = useNotice();
  return (
    <Stack component="section" aria-labelledby="plan-reviews-title" gap="sm">
      <Title order={3} id="plan-reviews-title">
        {t('plans.reviews.title')}
      </Title>
      {plan.reviews.length === 0 ? (
        <Text c="dimmed">{t('plans.reviews.none')}</Text>
      ) : (
        <List spacing="xs">
          {plan.reviews.map((review) => (
            <List.Item key={review.id}>
              <Text size="sm" fw={600}>
                {t('plans.reviews.by', {
                  date: format.date(review.reviewedOn),
                  name: review.recordedByName ?? '—',
                })}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {review.notes}
              </Text>
            </List.Item>
          ))}
        </List>
      )}
      {plan.permissions.canEdit && (
        <FormReveal label={t('plans.reviews.open')}>
          {(close) => (
            <ReviewForm
              caseId={caseId}
              onCancel={close}
              onSaved={() => {
                setSaved((t) => t('common.saved'));
                close();
              }}
            />
          )}
        </FormReveal>
      )}
      <StatusMessage message={saved} />
    </Stack>
  );
}

function ReviewForm({
  caseId,
  onSaved,
  onCancel,
}: {
  caseId: string;
  onSaved: () => void;
  onCancel: () => void;
}): ReactElement {
  const { t } = useT();
  const [reviewedOn, setReviewedOn] = useState(today);
  const [notes, setNotes] = useState('');
  const save = useSectionSave([planKey(caseId)], (body: CreatePlanReviewBody) =>
    addReview(caseId, body),
  );
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    save.mutate({ reviewedOn, notes }, { onSuccess: onSaved });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="plan-reviews-title">
      <Stack gap="sm">
        <FormAlert error={save.error} fields={['reviewedOn', 'notes']} />
        <TextInput
          type="date"
          label={t('plans.reviews.reviewedOn')}
          required
          maw={220}
          value={reviewedOn}
          onChange={(event) => setReviewedOn(event.currentTarget.value)}
          error={fieldError(save.error, 'reviewedOn')}
        />
        <Textarea
          label={t('plans.reviews.notes')}
          required
          autosize
          minRows={2}
          value={notes}
          onChange={(event) => setNotes(event.currentTarget.value)}
          error={fieldError(save.error, 'notes')}
        />
        <FormActions
          submitLabel={t('plans.reviews.add')}
          pending={save.isPending}
          onCancel={onCancel}
        />
      </Stack>
    </form>
  );
}
