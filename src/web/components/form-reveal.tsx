import { Button, Stack } from '@mantine/core';
import { type ReactElement, type ReactNode, useEffect, useId, useRef, useState } from 'react';

type Props = {
  /** What the button says, such as "Record a contact". */
  label: string;
  /** The form, given a way to close itself once saved or cancelled. */
  children: (close: () => void) => ReactNode;
};

/**
 * A form that opens when asked: a button that says what it is for, and the form under it
 * once pressed. A screen of records stays a screen to read, not a wall of open forms.
 */
export function FormReveal({ label, children }: Props): ReactElement {
  const [open, setOpen] = useState(false);
  const [closedByForm, setClosedByForm] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const regionId = useId();
  useEffect(() => {
    // Back on the button that opened it, so the keyboard does not lose its place.
    if (closedByForm) button.current?.focus();
  }, [closedByForm]);
  const close = (): void => {
    setOpen(false);
    setClosedByForm(true);
  };
  return (
    <Stack gap="sm">
      <Button
        ref={button}
        variant={open ? 'subtle' : 'light'}
        w="fit-content"
        aria-expanded={open}
        aria-controls={regionId}
        onClick={() => {
          setClosedByForm(false);
          setOpen((was) => !was);
        }}
      >
        {label}
      </Button>
      <div id={regionId} hidden={!open}>
        {open && children(close)}
      </div>
    </Stack>
  );
}
