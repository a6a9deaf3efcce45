import { Text } from '@mantine/core';
import { type ReactElement, useCallback, useState } from 'react';
import { type Translate, useT } from '../i18n';

/**
 * A message kept as how to say it rather than as text, so it is said again in the
 * interface's language at each render: a switch of language reaches it.
 */
export type Words = (t: Translate) => string;

/** A quiet confirmation that assistive technology announces without moving focus. */
export function StatusMessage({ message }: { message: string | Words | null }): ReactElement {
  const { t } = useT();
  const text = typeof message === 'function' ? message(t) : message;
  return (
    <Text role="status" size="sm" c="teal.9" fw={500} mih="1.5em">
      {text ?? ''}
    </Text>
  );
}

/** The confirmation a page shows after an action, as Words; `say(null)` clears it. */
export function useNotice(): [Words | null, (words: Words | null) => void] {
  const [words, setWords] = useState<Words | null>(null);
  // A function given to a state setter is taken as an updater: wrap it.
  const say = useCallback((next: Words | null) => setWords(() => next), []);
  return [words, say];
}
