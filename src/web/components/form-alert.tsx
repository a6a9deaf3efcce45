import { Alert, List } from '@mantine/core';
import type { ReactElement } from 'react';
import { asApiError } from '../api';

type Props = {
  error: unknown;
  /** Fields the form shows its own messages on; other issues are listed in the alert. */
  fields?: readonly string[];
  color?: string;
};

/** The server's message for a failed submission, announced to screen readers. */
export function FormAlert({ error, fields = [], color = 'red' }: Props): ReactElement | null {
  const apiError = asApiError(error);
  if (!apiError) return null;
  const unplaced = apiError.issues.filter((issue) => !fields.includes(issue.field));
  return (
    <Alert color={color} role="alert" title={apiError.message}>
      {unplaced.length > 0 && (
        <List size="sm">
          {unplaced.map((issue) => (
            <List.Item key={`${issue.field}:${issue.message}`}>{issue.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** The message for one field of a failed submission, for Mantine's `error` prop. */
export function fieldError(error: unknown, field: string): string | undefined {
  return asApiError(error)?.messageFor(field);
}
