import { isCommonTimeZone } from '../shared/time-zones';
import type { Translate } from './i18n';

/** A site's time zone in words ('Eastern time (Toronto, Ottawa)'); another zone by its name. */
export function timeZoneWords(t: Translate, zone: string): string {
  return isCommonTimeZone(zone) ? t(`timeZones.${zone}`) : zone.replaceAll('_', ' ');
}
