import type { TFunction } from 'i18next';
import type { ListingDetail } from '../../../shared/contracts/listing-detail';
import type { Locale } from '../../../shared/locale';
import { addressInWords, costsInWords, scheduleInWords } from '../../../shared/listing-words';
import { semicolonList } from '../../../shared/typography';

/**
 * A listing told to the person it may help, in their language: what, where, when, what it
 * costs, in which languages and whom to contact. It says nothing of the person's case, so
 * no health information leaves in it.
 */
export function listingEmailText(
  listing: ListingDetail,
  recipient: { givenName: string; siteName: string },
  t: TFunction,
  locale: Locale,
): { subject: string; text: string } {
  const say = (key: string, values?: Record<string, string | number>): string =>
    t(`emails:listing.${key}`, values ?? {});
  const lines: string[] = [];
  const add = (label: string, value: string | null): void => {
    if (value && value.trim() !== '') lines.push(`${say(label)} ${value}`);
  };
  const places = listing.places.flatMap((place) => {
    const address = addressInWords(place.address);
    const said = [place.name, address].filter(Boolean).join(', ');
    return said ? [said] : [];
  });
  add('where', semicolonList(locale, places));
  const schedules = listing.schedules.flatMap((s) => {
    const said = scheduleInWords(
      s,
      {
        say: (key, values) => t(`web:${key}`, values ?? {}),
        hours: (opens, closes) => say('hours', { opens, closes }),
      },
      locale,
    );
    return said ? [said] : [];
  });
  add('when', semicolonList(locale, schedules));
  const costs = costsInWords(listing.costs, locale, say('free'));
  add('cost', costs.length > 0 ? semicolonList(locale, costs) : listing.feesDescription);
  const languageNames = new Intl.DisplayNames([locale], { type: 'language' });
  add('languages', listing.languages.map((code) => languageNames.of(code) ?? code).join(', '));
  if (listing.minimumAge !== null || listing.maximumAge !== null) {
    add(
      'ages',
      say('ageRange', {
        from: listing.minimumAge ?? 0,
        to: listing.maximumAge ?? 120,
      }),
    );
  }
  add('phone', listing.phones.map((p) => p.number).join(', '));
  add('email', listing.email);
  add('website', listing.url);
  if (listing.referralStatus === 'full') lines.push(say('full'));
  if (listing.referralStatus === 'waitlist') lines.push(say('waitlist'));
  const text = [
    say('greeting', { name: recipient.givenName }),
    say('intro', { site: recipient.siteName }),
    [listing.name, listing.organizationName].join('\n'),
    listing.description ?? '',
    lines.join('\n'),
    say('closing'),
  ]
    .filter((part) => part.trim() !== '')
    .join('\n\n');
  return { subject: say('subject', { name: listing.name }), text: `${text}\n` };
}
