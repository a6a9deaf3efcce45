import fs from 'node:fs';
import { z } from 'zod';
import { HsdsService, ListingLanguage, ReferralStatus, ServiceTranslations } from './hsds-service';

export const DemoDirectory = z
  .object({
    services: z.array(HsdsService).min(1),
    translations: z.record(z.uuid(), ServiceTranslations),
    sourceLanguage: z.record(z.uuid(), ListingLanguage),
    referralStatus: z.record(z.uuid(), ReferralStatus),
  })
  .superRefine((directory, context) => {
    const ids = new Set<string>();
    directory.services.forEach((service, index) => {
      const path = ['services', index, 'id'];
      if (ids.has(service.id)) {
        context.addIssue({ code: 'custom', path, message: `duplicate service id ${service.id}` });
      }
      ids.add(service.id);
      const language = directory.sourceLanguage[service.id];
      const text = language ? directory.translations[service.id]?.[language] : undefined;
      if (!language || !text) {
        context.addIssue({ code: 'custom', path, message: 'no text in its source language' });
      } else if (text.name !== service.name || text.description !== service.description) {
        context.addIssue({
          code: 'custom',
          path,
          message: 'HSDS text differs from its source text',
        });
      }
      if (!directory.referralStatus[service.id]) {
        context.addIssue({ code: 'custom', path, message: 'no referral status' });
      }
    });
    for (const key of ['translations', 'sourceLanguage', 'referralStatus'] as const) {
      for (const id of Object.keys(directory[key])) {
        if (!ids.has(id)) {
          context.addIssue({ code: 'custom', path: [key, id], message: 'no such service' });
        }
      }
    }
  });
export type DemoDirectory = z.infer<typeof DemoDirectory>;

export const demoDirectoryFile = new URL('./demo-directory.json', import.meta.url);

let cached: DemoDirectory | undefined;

/** The demo directory, parsed once; throws with the zod issues if the file is malformed. */
export function loadDemoDirectory(): DemoDirectory {
  cached ??= DemoDirectory.parse(JSON.parse(fs.readFileSync(demoDirectoryFile, 'utf8')));
  return cached;
}
