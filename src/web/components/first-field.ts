const fieldSelector = [
  'input:not([type="hidden"]):not([disabled])',
  'select:not([disabled])',
  'textarea:not([disabled])',
].join(', ');

/** Puts the keyboard on a form's first field once it opens, so typing starts there. */
export function focusFirstField(container: HTMLElement | null): void {
  const field = container?.querySelector<HTMLElement>(fieldSelector);
  field?.focus();
}
