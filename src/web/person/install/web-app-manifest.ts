import { backgroundColour, type IconPurpose, themeColour } from './app-icon';

export type ManifestIcon = { src: string; sizes: string; type: 'image/png'; purpose: IconPurpose };

/**
 * The person's space as an installable web app (/me.webmanifest, linked from /me only). One
 * manifest for both languages: its name says the space in both, as the bar does.
 */
export function personWebAppManifest(icons: ManifestIcon[]): Record<string, unknown> {
  return {
    id: '/me',
    name: 'Passerelle · Mon espace · My space',
    short_name: 'Passerelle',
    description:
      'Votre plan, vos activités et vos données · Your plan, your activities and your data',
    lang: 'fr',
    start_url: '/me',
    scope: '/me',
    display: 'standalone',
    theme_color: themeColour,
    background_color: backgroundColour,
    icons,
  };
}
