import { describe, expect, it } from 'vitest';
import { FhirError } from './operation-outcome';
import { jsonNestsDeeperThan, maxJsonDepth, parseFhirJson } from './fhir-json';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

function refusal(text: string): FhirError {
  try {
    parseFhirJson(text);
  } catch (error) {
    if (error instanceof FhirError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('the nesting depth check', () => {
  it('lets JSON nested to the limit through and refuses one level more', () => {
    expect(jsonNestsDeeperThan(nested(maxJsonDepth), maxJsonDepth)).toBe(false);
    expect(jsonNestsDeeperThan(nested(maxJsonDepth + 1), maxJsonDepth)).toBe(true);
    expect(jsonNestsDeeperThan('{"a":{"b":[{"c":1}]}}', 3)).toBe(true);
    expect(jsonNestsDeeperThan('{"a":{"b":[{"c":1}]}}', 4)).toBe(false);
  });

  it('counts depth, not brackets: siblings do not add up', () => {
    const wide = `[${Array.from({ length: 1000 }, () => '{"a":[1]}').join(',')}]`;
    expect(jsonNestsDeeperThan(wide, 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ text: '[[[[{{{{ \\" "[[[[' });
    expect(jsonNestsDeeperThan(text, 1)).toBe(false);
  });

  it('refuses the 10,000-deep array that crashed the comparable server, before parsing it', () => {
    const error = refusal(nested(10_000));
    expect(error.status).toBe(400);
    expect(error.issues[0]?.message).toEqual({ key: 'json_too_deep', params: { limit: 64 } });
  });
});

describe('parsing a FHIR JSON body', () => {
  it('returns the parsed value', () => {
    expect(parseFhirJson('{"resourceType":"Patient"}')).toEqual({ resourceType: 'Patient' });
  });

  it.each(['', '{', '{"resourceType":}', "{'a':1}", '[1,]'])('refuses %j with a 400', (text) => {
    const error = refusal(text);
    expect(error.status).toBe(400);
    expect(error.issues[0]?.message.key).toBe('json_invalid');
  });
});
