import { Button, Stack } from '@mantine/core';
import { type ReactElement, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { focusFirstField } from './first-field';

type Props = {
  /** What the button says, such as "Record a contact". */
  label: string;
  /** The form, given a way to close itself once saved or cancelled. */
  children: (close: () => void) => ReactNode;
  /** Open from the start, when the screen was reached to fill this very form. */
  initiallyOpen?: boolean;
};

type Moved = 'none' | 'toForm' | 'toButton';

/**
 * A form that opens when asked: a button that says what it is for, and the form under it
 * once pressed. A screen of records stays a screen to read, not a wall of open forms.
 */
export function FormReveal({ label, children, initiallyOpen = false }: Props): ReactElement {
  const [open, setOpen] = useState(initiallyOpen);
  const [move, setMove] = useState<Moved>('none');
  const button = useRef<HTMLButtonElement>(null);
  const region = useRef<HTMLDivElement>(null);
  const regionId = useId();
  useEffect(() => {
    // Into the form it opened, and back on the button when the form closes itself, so the
    // keyboard does not lose its place.
    if (move === 'toForm') focusFirstField(region.current);
    if (move === 'toButton') button.current?.focus();
  }, [move]);
  const close = (): void => {
    setOpen(false);
    setMove('toButton');
  };
  return (
    <Stack gap="sm">
      <Button
        ref={button}
        variant={open ? 'subtle' : 'light'}
        w="fit-content"
        maw="100%"
        aria-expanded={open}
        aria-controls={regionId}
        onClick={() => {
          setMove(open ? 'none' : 'toForm');
          setOpen(!open);
        }}
      >
        {label}
      </Button>
      <div id={regionId} ref={region} hidden={!open}>
        {open && children(close)}
      </div>
    </Stack>
  );
}
