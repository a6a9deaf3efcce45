/**
 * The class a modal's scroll lock (react-remove-scroll, under Mantine's Modal) pads on the
 * right while it holds the page, so that fixed elements wearing it do not shift.
 */
export const scrollLockPadded = 'right-scroll-bar-position';
