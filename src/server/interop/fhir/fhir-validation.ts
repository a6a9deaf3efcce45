import type { TypedValueWithPath } from '@medplum/core';
import type { CodeableConcept, Coding, Resource } from '@medplum/fhirtypes';
import { emptyValueIssues, isEmptyValue } from './empty-values';
import { calendarProblem } from './fhir-calendar';
import { type FhirDefinitions, fhirDefinitions } from './fhir-definitions';
import { type Expansion, expandValueSet, valueSetLabel } from './fhir-terminology';
import { type FoundReference, referenceOf } from './fhir-references';
import { fhirPath, fromMedplumIssue } from './medplum-issues';
import { FhirError, type FhirIssue } from './operation-outcome';

/**
 * Checks a resource received against FHIR R4: its structure, cardinalities, types, formats
 * and invariants (@medplum/core's validateResource over R4's definitions), then what that
 * lets through: empty values, objects and primitives in each other's places, days their
 * month does not have, dateTimes without seconds or zone, codes outside a required
 * binding. Returns every issue found (none when valid), each with the FHIRPath of its
 * element. The caller has parsed the body with parseFhirJson, so nothing here meets JSON
 * nested deeper than it allows.
 *
 * References are not followed here: whether they resolve inside a Bundle or to our records
 * is the writes' check, after this one.
 */
export function validateFhirResource(resource: unknown, expectedType?: string): FhirIssue[] {
  return checkFhirResource(resource, expectedType).issues;
}

/**
 * validateFhirResource, and every literal reference of the resource (as referenceOf reads
 * them) gathered on the same walk: a Bundle is walked once for both. The references are
 * complete only when there are no errors.
 */
export function checkFhirResource(
  resource: unknown,
  expectedType?: string,
): { issues: FhirIssue[]; references: FoundReference[] } {
  const references: FoundReference[] = [];
  return { issues: resourceIssues(resource, expectedType, references), references };
}

function resourceIssues(
  resource: unknown,
  expectedType: string | undefined,
  references: FoundReference[],
): FhirIssue[] {
  if (!isRecord(resource) || typeof resource.resourceType !== 'string') {
    return [{ code: 'structure', message: { key: 'not_a_resource' }, expression: 'resourceType' }];
  }
  const type = resource.resourceType;
  if (expectedType && type !== expectedType) {
    return [
      {
        code: 'invalid',
        message: { key: 'wrong_resource_type', params: { expected: expectedType, found: type } },
        expression: 'resourceType',
      },
    ];
  }
  const defs = fhirDefinitions();
  if (!defs.resourceTypes.has(type)) {
    return [
      {
        code: 'not-supported',
        message: { key: 'unknown_resource_type', params: { type } },
        expression: 'resourceType',
      },
    ];
  }
  const typed = resource as unknown as Resource;
  return distinct([
    ...emptyValueIssues(resource, type),
    ...structureIssues(defs, typed),
    ...ruleIssues(defs, typed, references),
  ]);
}

/** One issue per problem and place, when two checks find the same one. */
function distinct(issues: FhirIssue[]): FhirIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.message.key} ${issue.expression ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function hasErrors(issues: FhirIssue[]): boolean {
  return issues.some((issue) => issue.severity !== 'warning' && issue.severity !== 'information');
}

/** The resource, once valid; otherwise a 400 OperationOutcome naming every problem. */
export function requireValidFhirResource<T extends Resource>(
  resource: unknown,
  expectedType: T['resourceType'],
): T {
  return requireCheckedFhirResource<T>(resource, expectedType).resource;
}

/**
 * requireValidFhirResource, with the resource's literal references found on the same walk
 * (a create need not walk it again to resolve them).
 */
export function requireCheckedFhirResource<T extends Resource>(
  resource: unknown,
  expectedType: T['resourceType'],
): { resource: T; references: FoundReference[] } {
  const { issues, references } = checkFhirResource(resource, expectedType);
  if (hasErrors(issues)) throw new FhirError(400, issues);
  return { resource: resource as T, references };
}

function structureIssues(defs: FhirDefinitions, resource: Resource): FhirIssue[] {
  try {
    return defs.core.validateResource(resource).map(fromMedplumIssue);
  } catch (error) {
    if (error instanceof defs.core.OperationOutcomeError) {
      return error.outcome.issue?.map(fromMedplumIssue) ?? [];
    }
    // A shape the library did not expect is still the sender's: refused, never a 500.
    return [{ code: 'processing', message: { key: 'not_validated' } }];
  }
}

function ruleIssues(
  defs: FhirDefinitions,
  resource: Resource,
  references: FoundReference[],
): FhirIssue[] {
  const issues: FhirIssue[] = [];
  try {
    defs.core.crawlTypedValue(defs.core.toTypedValue(resource), {
      visitProperty: (parent, key, _path, propertyValues, schema) => {
        const element = schema.elements[key];
        const values = propertyValues.flat();
        if (element) issues.push(...shapeIssues(defs, parent, key, element.isArray, values));
        const binding = element?.binding;
        const required = binding?.strength === 'required' ? binding.valueSet : undefined;
        for (const value of values) {
          const found = referenceOf(value);
          if (found) references.push(found);
          const calendar = calendarIssue(value);
          if (calendar) issues.push(calendar);
          const outside = required ? bindingIssue(defs, value, required) : undefined;
          if (outside) issues.push(outside);
        }
      },
    });
  } catch {
    // Only a resource the structure check has already refused gets the walk lost.
  }
  return issues;
}

/**
 * What @medplum/core lets through about JSON shapes: an object or a list where a primitive
 * goes (`"given": [{ "value": "x" }]`), a primitive where an object goes (`"name": [1]`). Lists where one
 * value goes, and the reverse, are its to refuse.
 */
function shapeIssues(
  defs: FhirDefinitions,
  parent: TypedValueWithPath,
  key: string,
  isArray: boolean | undefined,
  values: TypedValueWithPath[],
): FhirIssue[] {
  const type = values[0]?.type;
  const container = parent.value as unknown;
  if (!type || !isRecord(container)) return [];
  const jsonKey = key.endsWith('[x]') ? key.slice(0, -3) + capitalised(type) : key;
  const raw = container[jsonKey];
  if (raw === undefined || Array.isArray(raw) !== Boolean(isArray)) return [];
  const primitiveType = defs.core.isPrimitiveType(type);
  const path = fhirPath(`${parent.path}.${key}`);
  return (Array.isArray(raw) ? raw : [raw]).flatMap((item: unknown, index) => {
    if (isEmptyValue(item)) return []; // the empty values' own issue
    const found = Array.isArray(item) ? 'array' : item === null ? 'null' : typeof item;
    const wrong = primitiveType
      ? found === 'object' || found === 'array'
      : found !== 'object' && found !== 'null';
    if (!wrong) return [];
    const expected = primitiveType ? 'string, number or boolean' : 'object';
    return [
      {
        code: 'structure' as const,
        message: { key: 'wrong_json_type' as const, params: { expected, found } },
        expression: Array.isArray(raw) ? `${path}[${index}]` : path,
      },
    ];
  });
}

function capitalised(type: string): string {
  return type.charAt(0).toUpperCase() + type.slice(1);
}

function calendarIssue(value: TypedValueWithPath): FhirIssue | undefined {
  const text = primitive(value.value);
  if (typeof text !== 'string') return undefined;
  const problem = calendarProblem(value.type, text);
  if (!problem) return undefined;
  const params = { value: text, example: '2024-02-29T10:30:00-05:00' };
  return { code: 'value', message: { key: problem, params }, expression: fhirPath(value.path) };
}

function bindingIssue(
  defs: FhirDefinitions,
  value: TypedValueWithPath,
  valueSet: string,
): FhirIssue | undefined {
  const expansion = expandValueSet(defs, valueSet);
  if (!expansion || value.value === undefined || value.value === null) return undefined;
  const outside = (code: string): FhirIssue => ({
    code: 'code-invalid',
    message: {
      key: 'code_not_in_value_set',
      params: { code, valueSet: valueSetLabel(defs, valueSet) },
    },
    expression: fhirPath(value.path),
  });
  if (value.type === 'code') {
    const code = primitive(value.value);
    if (typeof code !== 'string') return undefined;
    return [...expansion.values()].some((codes) => codes.has(code)) ? undefined : outside(code);
  }
  if (value.type === 'Coding') {
    const coding = value.value as Coding;
    if (!coding.code) return undefined;
    return inExpansion(expansion, coding) ? undefined : outside(coding.code);
  }
  if (value.type === 'CodeableConcept') {
    const codings = (value.value as CodeableConcept).coding ?? [];
    if (codings.some((coding) => inExpansion(expansion, coding))) return undefined;
    const codes = codings.flatMap((coding) => (coding.code ? [coding.code] : []));
    return codes.length
      ? outside(codes.join(', '))
      : {
          code: 'code-invalid',
          message: { key: 'code_required', params: { valueSet: valueSetLabel(defs, valueSet) } },
          expression: fhirPath(value.path),
        };
  }
  return undefined;
}

function inExpansion(expansion: Expansion, coding: Coding): boolean {
  return Boolean(coding.system && coding.code && expansion.get(coding.system)?.has(coding.code));
}

/** A primitive's value; @medplum/core hands one that has extensions as a boxed object. */
function primitive(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? value.valueOf() : value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
