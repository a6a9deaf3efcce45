import type { FastifyInstance } from 'fastify';
import { FhirError } from './operation-outcome';

/** The request bodies the FHIR interface reads: FHIR's own JSON type, and plain JSON. */
export const fhirJsonTypes = ['application/fhir+json', 'application/json'];

/** What every FHIR answer is sent as. */
export const fhirContentType = 'application/fhir+json; charset=utf-8';

/** A referral Bundle with its documents fits many times over; more is refused before parsing. */
export const fhirBodyLimit = 5 * 1024 * 1024;

/** Far deeper than any resource nests (a Questionnaire's items included). */
export const maxJsonDepth = 64;

/**
 * Whether JSON text nests arrays and objects deeper than `limit`, found by one pass over
 * the characters: nothing recursive (the parser, the validator) ever sees a deeper one.
 */
export function jsonNestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

/** Parses a FHIR JSON body, refusing one nested too deep or not JSON with a 400 OperationOutcome. */
export function parseFhirJson(text: string): unknown {
  if (jsonNestsDeeperThan(text, maxJsonDepth)) {
    throw new FhirError(400, [
      { code: 'too-costly', message: { key: 'json_too_deep', params: { limit: maxJsonDepth } } },
    ]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FhirError(400, [{ code: 'invalid', message: { key: 'json_invalid' } }]);
  }
}

/**
 * The FHIR routes' own body parsing, for their plugin alone: FHIR JSON and JSON up to
 * `fhirBodyLimit`, every other content type refused (415).
 */
export function registerFhirJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    fhirJsonTypes,
    { parseAs: 'string', bodyLimit: fhirBodyLimit },
    (_request, body, done) => {
      try {
        done(null, parseFhirJson(typeof body === 'string' ? body : body.toString('utf8')));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}
