import type { TFunction } from 'i18next';
import type { ListingDetail } from '../../../shared/contracts/listing-detail';
import type { Locale } from '../../../shared/locale';
import { timeOfDay } from '../../../shared/schedule-hours';
import { scheduleDaysSentence } from '../../../shared/schedule-words';
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
    const address = place.address
      ? [place.address.line, place.address.city, place.address.postalCode]
          .filter(Boolean)
          .join(', ')
      : '';
    const said = [place.name, address].filter(Boolean).join(', ');
    return said ? [said] : [];
  });
  add('where', semicolonList(locale, places));
  const schedules = listing.schedules.flatMap((s) => {
    const days = s.byday
      ? scheduleDaysSentence(s.byday, (key, values) => t(`web:${key}`, values ?? {}), locale)
      : null;
    const hours =
      s.opensAt && s.closesAt
        ? say('hours', {
            opens: timeOfDay(s.opensAt, locale),
            closes: timeOfDay(s.closesAt, locale),
          })
        : null;
    const said = [days, hours].filter(Boolean).join(' ');
    return said ? [said] : s.description ? [s.description] : [];
  });
  add('when', semicolonList(locale, schedules));
  const costs = listing.costs.flatMap((c) =>
    c.amount === 0
      ? [say('free')]
      : c.amount !== null
        ? [
            new Intl.NumberFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
              style: 'currency',
              currency: c.currency ?? 'CAD',
            }).format(c.amount),
          ]
        : c.option
          ? [c.option]
          : [],
  );
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
