import type { CodeSystemConcept, ValueSet } from '@medplum/fhirtypes';
import type { FhirDefinitions } from './fhir-definitions';

/** A value set's codes by code system, when R4's own definitions list them all. */
export type Expansion = ReadonlyMap<string, ReadonlySet<string>>;

const expansions = new Map<string, Expansion | null>();

/**
 * The codes of a value set, from its compose over R4's code systems; undefined when they
 * cannot all be known here (external systems such as UCUM, MIME types or SNOMED CT,
 * filters), and then the binding is not checked rather than wrongly refused.
 */
export function expandValueSet(defs: FhirDefinitions, canonical: string): Expansion | undefined {
  const url = canonical.split('|')[0] ?? canonical;
  if (!expansions.has(url)) expansions.set(url, expand(defs, url, new Set()) ?? null);
  return expansions.get(url) ?? undefined;
}

function expand(defs: FhirDefinitions, url: string, seen: Set<string>): Expansion | undefined {
  const valueSet = defs.valueSets.get(url);
  if (!valueSet || seen.has(url)) return undefined;
  seen.add(url);
  const compose = valueSet.compose;
  if (!compose || compose.exclude?.length) return undefined;
  const codes = new Map<string, Set<string>>();
  for (const include of compose.include) {
    if (include.filter?.length) return undefined;
    for (const inner of include.valueSet ?? []) {
      const included = expand(defs, inner.split('|')[0] ?? inner, seen);
      if (!included) return undefined;
      for (const [system, set] of included) for (const code of set) add(codes, system, code);
    }
    if (!include.system) continue;
    if (include.concept) {
      for (const concept of include.concept) add(codes, include.system, concept.code);
      continue;
    }
    const codeSystem = defs.codeSystems.get(include.system);
    if (codeSystem?.content !== 'complete') return undefined;
    for (const code of allCodes(codeSystem.concept ?? [])) add(codes, include.system, code);
  }
  return codes;
}

function add(codes: Map<string, Set<string>>, system: string, code: string | undefined): void {
  if (!code) return;
  let set = codes.get(system);
  if (!set) {
    set = new Set();
    codes.set(system, set);
  }
  set.add(code);
}

function* allCodes(concepts: CodeSystemConcept[]): Generator<string> {
  for (const concept of concepts) {
    yield concept.code;
    yield* allCodes(concept.concept ?? []);
  }
}

/** The value set's name for messages: its title or name, else its address. */
export function valueSetLabel(defs: FhirDefinitions, canonical: string): string {
  const valueSet: ValueSet | undefined = defs.valueSets.get(canonical.split('|')[0] ?? canonical);
  return valueSet?.title ?? valueSet?.name ?? canonical;
}
