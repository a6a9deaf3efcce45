import { Text } from '@mantine/core';
import type { ReactElement } from 'react';

/** A quiet confirmation that assistive technology announces without moving focus. */
export function StatusMessage({ message }: { message: string | null }): ReactElement {
  return (
    <Text role="status" size="sm" c="teal.9" fw={500} mih="1.5em">
      {message ?? ''}
    </Text>
  );
}
