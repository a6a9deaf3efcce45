import type { PersonRecordExport } from '../../../shared/contracts/person-record';
import type { Locale } from '../../../shared/locale';
import { translatorFor } from '../../platform/i18n';
import { auditActions } from '../../../shared/audit-actions';

/**
 * The person's full record as one readable page in their language: the JSON export's
 * content, section by section, without the internal ids. Self-contained (no script, inline
 * style), so it can be saved and printed as it is.
 */

const escape = (text: string): string =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

const internal = new Set([
  'id',
  'version',
  'amends_id',
  'token_hash',
  'csrf_token',
  'ip',
  'user_agent',
]);
const isInternal = (key: string): boolean =>
  internal.has(key) || key.endsWith('_id') || key === 'sha256';
const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const day = /^\d{4}-\d{2}-\d{2}$/;

type Goal = { text?: unknown; steps?: { text?: unknown; dueOn?: unknown; doneAt?: unknown }[] };

export function renderRecordHtml(record: PersonRecordExport, locale: Locale): string {
  const t = translatorFor(locale);
  const dateTime = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  });
  const dateOnly = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', {
    dateStyle: 'long',
    timeZone: 'UTC',
  });
  const label = (key: string): string =>
    t(`record:fields.${key}`, { defaultValue: key.replaceAll('_', ' ') });
  const dayOf = (value: string): string =>
    dateOnly.format(new Date(`${value.slice(0, 10)}T00:00:00Z`));

  const valueHtml = (key: string, value: unknown): string | null => {
    if (value === null || value === undefined || value === '') return null;
    if (key === 'content_base64') return escape(t('record:fileInJson'));
    if (key === 'goals' && Array.isArray(value)) return goalsHtml(value as Goal[]);
    if (typeof value === 'boolean') return escape(t(value ? 'record:yes' : 'record:no'));
    if (typeof value === 'string') {
      if (instant.test(value)) return escape(dateTime.format(new Date(value)));
      if (day.test(value)) return escape(dayOf(value));
      return escape(value).replaceAll('\n', '<br>');
    }
    if (typeof value === 'number') return escape(String(value));
    if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) {
      return value.length ? escape(value.join(', ')) : null;
    }
    return `<pre>${escape(JSON.stringify(value, null, 2))}</pre>`;
  };

  const goalsHtml = (goals: Goal[]): string =>
    `<ol>${goals
      .map(
        (goal) =>
          `<li>${escape(String(goal.text ?? ''))}<ul>${(goal.steps ?? [])
            .map((step) => {
              const due =
                typeof step.dueOn === 'string'
                  ? ` (${t('record:due', { date: dayOf(step.dueOn) })})`
                  : '';
              const done =
                typeof step.doneAt === 'string'
                  ? ` – ${t('record:done', { date: dayOf(step.doneAt) })}`
                  : '';
              return `<li>${escape(String(step.text ?? ''))}${escape(due + done)}</li>`;
            })
            .join('')}</ul></li>`,
      )
      .join('')}</ol>`;

  const rowHtml = (row: Record<string, unknown>): string => {
    const items = Object.entries(row)
      .filter(([key]) => !isInternal(key))
      .flatMap(([key, value]) => {
        const html = valueHtml(key, value);
        return html === null ? [] : [`<dt>${escape(label(key))}</dt><dd>${html}</dd>`];
      });
    return `<dl>${items.join('')}</dl>`;
  };

  const section = (key: string, rows: Record<string, unknown>[]): string =>
    `<section><h2>${escape(t(`record:sections.${key}`, { defaultValue: key }))}</h2>${
      rows.length ? rows.map(rowHtml).join('') : `<p>${escape(t('record:none'))}</p>`
    }</section>`;

  const actionName = (action: string): string =>
    (auditActions as readonly string[]).includes(action)
      ? t(`web:audit.actions.${action.replaceAll('.', '_')}`)
      : action;
  const who = (event: PersonRecordExport['access'][number]): string =>
    event.actorKind === 'account'
      ? (event.actorName ?? '')
      : event.actorKind === 'person_session'
        ? t('record:access.you')
        : event.actorKind === 'system' || event.actorKind === 'command_line'
          ? t('record:access.system')
          : t('record:access.outside');
  const roles = (event: PersonRecordExport['access'][number]): string =>
    event.roles
      .map((r) => [t(`web:roles.${r.role}`), r.organisation, r.site].filter(Boolean).join(', '))
      .join('; ');
  const access = `<section><h2>${escape(t('record:sections.access'))}</h2>${
    record.access.length
      ? `<div class="scroll" role="region" tabindex="0" aria-label="${escape(t('record:sections.access'))}"><table><thead><tr><th scope="col">${escape(t('record:access.when'))}</th><th scope="col">${escape(
          t('record:access.who'),
        )}</th><th scope="col">${escape(t('record:access.role'))}</th><th scope="col">${escape(
          t('record:access.what'),
        )}</th></tr></thead><tbody>${record.access
          .map(
            (event) =>
              `<tr><td>${escape(dateTime.format(new Date(event.at)))}</td><td>${escape(who(event))}</td><td>${escape(
                roles(event),
              )}</td><td>${escape(actionName(event.action))}</td></tr>`,
          )
          .join('')}</tbody></table></div>`
      : `<p>${escape(t('record:none'))}</p>`
  }</section>`;

  const person = record.tables.people?.[0];
  const anonymisedAt = typeof person?.anonymised_at === 'string' ? person.anonymised_at : null;
  const body = [
    `<h1>${escape(t('record:title'))}</h1>`,
    `<p>${escape(t('record:intro', { date: dateTime.format(new Date(record.exportedAt)) }))}</p>`,
    anonymisedAt
      ? `<p><strong>${escape(t('record:anonymised', { date: dayOf(anonymisedAt) }))}</strong></p>`
      : '',
    ...Object.entries(record.tables).map(([key, rows]) => section(key, rows)),
    section('emails', record.emails),
    access,
    `<p><small>${escape(t('record:format', { version: record.version }))}</small></p>`,
  ].join('\n');
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(t('record:title'))}</title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1a1a1a; }
h2 { border-bottom: 1px solid #888; margin-top: 2rem; }
dl { display: grid; grid-template-columns: minmax(8rem, 14rem) 1fr; gap: 0.25rem 1rem; padding: 0.5rem 0; border-bottom: 1px solid #ddd; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
pre { white-space: pre-wrap; margin: 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; min-width: 36rem; }
th, td { text-align: left; border-bottom: 1px solid #ddd; padding: 0.25rem 0.5rem 0.25rem 0; vertical-align: top; }
@media (max-width: 40rem) { dl { grid-template-columns: 1fr; } dd { margin-bottom: 0.5rem; } }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
