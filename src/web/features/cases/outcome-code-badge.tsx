import { Badge } from '@mantine/core';
import { type KeyboardEvent, type ReactElement, useId, useState } from 'react';
import { badgeLooks } from '../../components/badge-looks';
import classes from './outcome-code-badge.module.css';

/**
 * The concept in words; its code, for whoever codes records, in a tooltip on hover, focus or
 * touch (Escape hides it). A tooltip of its own: Mantine's brings its popover engine,
 * floating-ui, about 20 KB gzipped that the case screen would fetch for this badge alone.
 */
export function OutcomeCodeBadge({ text, code }: { text: string; code: string }): ReactElement {
  const [shown, setShown] = useState(false);
  const tipId = useId();
  const show = (): void => setShown(true);
  const hide = (): void => setShown(false);
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') hide();
  };
  return (
    <span className={classes.anchor}>
      <Badge
        {...badgeLooks.quiet}
        tabIndex={0}
        aria-describedby={shown ? tipId : undefined}
        onPointerEnter={show}
        onPointerLeave={hide}
        onFocus={show}
        onBlur={hide}
        onTouchStart={show}
        onKeyDown={onKeyDown}
      >
        {text}
      </Badge>
      {shown && (
        <span role="tooltip" id={tipId} className={classes.tip}>
          {code}
        </span>
      )}
    </span>
  );
}
