import { Button, Stack } from '@mantine/core';
import { type ReactElement, type ReactNode, useEffect, useRef, useState } from 'react';
import { focusFirstField } from './first-field';

type Props = {
  /** What the button says, named for what it edits: "Edit the plan", "Write the plan". */
  editLabel: string;
  /** Whether the reader may edit at all: without it, the reading view alone. */
  canEdit: boolean;
  /** The saved content as text to read. */
  reading: ReactNode;
  /** Called as the form opens, such as to clear the last save's message. */
  onOpen?: () => void;
  /** The form, in place of the reading view, given a way to close itself. */
  children: (close: () => void) => ReactNode;
};

type Moved = 'none' | 'toForm' | 'toButton';

/**
 * A record read first and edited on request: its content as text with an Edit button, and
 * the form in its place once pressed, until saved or cancelled.
 */
export function EditInPlace({
  editLabel,
  canEdit,
  reading,
  onOpen,
  children,
}: Props): ReactElement {
  const [editing, setEditing] = useState(false);
  const [move, setMove] = useState<Moved>('none');
  const button = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Into the form as it opens, back on the button as it closes: the keyboard keeps its place.
    if (move === 'toForm') focusFirstField(form.current);
    if (move === 'toButton') button.current?.focus();
  }, [move]);
  if (editing) {
    return (
      <div ref={form}>
        {children(() => {
          setEditing(false);
          setMove('toButton');
        })}
      </div>
    );
  }
  return (
    <Stack gap="md">
      {reading}
      {canEdit && (
        <Button
          ref={button}
          variant="light"
          w="fit-content"
          maw="100%"
          onClick={() => {
            onOpen?.();
            setEditing(true);
            setMove('toForm');
          }}
        >
          {editLabel}
        </Button>
      )}
    </Stack>
  );
}
