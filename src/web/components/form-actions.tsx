import { Button, type ButtonProps, Group } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../i18n';

type Props = {
  submitLabel: string;
  pending: boolean;
  /** Given in a dialog: a Cancel button goes before the submit button, both to the right. */
  onCancel?: () => void;
} & Pick<ButtonProps, 'variant' | 'color'>;

/** The row of buttons under a form: its submit button, and Cancel when there is one. */
export function FormActions({
  submitLabel,
  pending,
  onCancel,
  variant,
  color,
}: Props): ReactElement {
  const { t } = useT();
  return (
    <Group justify={onCancel ? 'flex-end' : undefined}>
      {onCancel && (
        <Button variant="default" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      )}
      <Button type="submit" variant={variant} color={color} loading={pending}>
        {submitLabel}
      </Button>
    </Group>
  );
}
