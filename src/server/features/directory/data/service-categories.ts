import {
  type CategoryKey,
  categories,
  categoryTaxonomy,
} from '../../../../shared/directory-categories';
import type { HsdsAttribute, HsdsService } from './hsds-service';

const keyById = new Map<string, CategoryKey>(categories.map((c) => [c.id, c.key]));

/** The Passerelle categories a service is linked to through its attributes. */
export function categoriesOfService(service: HsdsService): CategoryKey[] {
  const keys = new Set<CategoryKey>();
  for (const attribute of service.attributes ?? []) {
    const key = keyById.get(attribute.taxonomy_term_id ?? attribute.taxonomy_term?.id ?? '');
    if (key) keys.add(key);
  }
  return [...keys];
}

// One term object per category, shared by every attribute that points at it.
const terms = new Map<CategoryKey, NonNullable<HsdsAttribute['taxonomy_term']>>(
  categories.map((category) => [
    category.key,
    {
      id: category.id,
      code: category.key,
      name: category.en,
      description: `${category.en} / ${category.fr}`,
      taxonomy: categoryTaxonomy.name,
      taxonomy_id: categoryTaxonomy.id,
      term_uri: `${categoryTaxonomy.uri}/${category.key}`,
      language: 'en',
    },
  ]),
);
const byKey = new Map(categories.map((c) => [c.key, c]));

/** The HSDS attribute that links a service to one category, as the demo directory writes it. */
export function categoryAttribute(
  attributeId: string,
  serviceId: string,
  key: CategoryKey,
  language: 'fr' | 'en',
): HsdsAttribute {
  const category = byKey.get(key) ?? categories[0];
  return {
    id: attributeId,
    link_id: serviceId,
    link_type: 'category',
    link_entity: 'service',
    taxonomy_term_id: category.id,
    taxonomy_term: terms.get(category.key),
    label: category[language],
  };
}
