import { z } from 'zod';

/** Settings the web app reads at run time, before anyone signs in: nothing secret goes here. */
export const ClientSettings = z.object({
  /** A Leaflet tile address such as https://tile.example/{z}/{x}/{y}.png; null draws no tiles. */
  mapTileUrl: z.string().nullable(),
  mapAttribution: z.string().nullable(),
  /** Single sign-on: the provider's name for the sign-in button, and where the button goes; null when off. */
  sso: z.object({ label: z.string(), startPath: z.string() }).nullable(),
  /** Whether an SMS provider is set up: sign-in codes and messages by text exist. */
  textMessages: z.boolean(),
});
export type ClientSettings = z.infer<typeof ClientSettings>;
