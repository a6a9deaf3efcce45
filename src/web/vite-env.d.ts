/// <reference types="vite/client" />

/**
 * Each language's strings by part, made by the build from web.json (web-strings-build.ts): the
 * frame's and every namespace a screen names.
 */
declare module 'virtual:web-strings' {
  const webStrings: Record<
    import('../shared/locale').Locale,
    Record<import('../shared/web-strings').WebStringsPart, () => Promise<{ default: object }>>
  >;
  export default webStrings;
}
