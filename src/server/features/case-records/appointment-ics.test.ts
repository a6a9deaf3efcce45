import { describe, expect, it } from 'vitest';
import { type IcsEvent, buildIcs, escapeText, foldLine, utcStamp } from './appointment-ics';

const event: IcsEvent = {
  method: 'REQUEST',
  uid: '6f1c2e1a-0000-4000-8000-000000000001@passerelle.example',
  sequence: 0,
  stamp: new Date('2026-12-01T09:30:00.123Z'),
  start: new Date('2026-12-03T14:00:00Z'),
  end: new Date('2026-12-03T14:45:00Z'),
  summary: 'Rendez-vous avec votre agente de liaison',
  location: '12, rue Principale; bureau 3',
  description: 'Apportez vos lunettes.\nMerci!',
  organizer: { name: 'Passerelle', email: 'no-reply@passerelle.example' },
  attendee: { name: 'Camille Tremblay', email: 'camille@example.org' },
};

/** Unfolds the lines as a calendar app reads them. */
function unfold(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, '').split('\r\n');
}

describe('the .ics invitation', () => {
  it('is one VEVENT in a VCALENDAR with the method, UTC times and CRLF lines', () => {
    const ics = buildIcs(event);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = unfold(ics);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines).toContain('METHOD:REQUEST');
    expect(lines).toContain('BEGIN:VEVENT');
    expect(lines).toContain(`UID:${event.uid}`);
    expect(lines).toContain('SEQUENCE:0');
    expect(lines).toContain('DTSTAMP:20261201T093000Z');
    expect(lines).toContain('DTSTART:20261203T140000Z');
    expect(lines).toContain('DTEND:20261203T144500Z');
    expect(lines).toContain('STATUS:CONFIRMED');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
    expect(lines.some((l) => l.startsWith('PRODID:'))).toBe(true);
  });

  it('escapes commas, semicolons, backslashes and line breaks in text', () => {
    const lines = unfold(buildIcs(event));
    expect(lines).toContain('LOCATION:12\\, rue Principale\\; bureau 3');
    expect(lines).toContain('DESCRIPTION:Apportez vos lunettes.\\nMerci!');
    expect(escapeText('a\\b')).toBe('a\\\\b');
    expect(escapeText('one\r\ntwo')).toBe('one\\ntwo');
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const long = `SUMMARY:${'é'.repeat(60)}`;
    const folded = foldLine(long);
    const physical = folded.split('\r\n');
    expect(physical.length).toBeGreaterThan(1);
    for (const line of physical) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(physical.slice(1).every((line) => line.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
  });

  it('cancels with METHOD:CANCEL, the same UID and a higher sequence', () => {
    const lines = unfold(buildIcs({ ...event, method: 'CANCEL', sequence: 2 }));
    expect(lines).toContain('METHOD:CANCEL');
    expect(lines).toContain('STATUS:CANCELLED');
    expect(lines).toContain('SEQUENCE:2');
    expect(lines).toContain(`UID:${event.uid}`);
  });

  it('leaves out a missing place and quotes names holding separators', () => {
    const lines = unfold(
      buildIcs({ ...event, location: null, attendee: { name: 'Roy, Julie', email: 'j@x.org' } }),
    );
    expect(lines.some((l) => l.startsWith('LOCATION'))).toBe(false);
    expect(lines.find((l) => l.startsWith('ATTENDEE'))).toContain('CN="Roy, Julie"');
  });

  it('writes UTC stamps without milliseconds', () => {
    expect(utcStamp(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102T030405Z');
  });
});
