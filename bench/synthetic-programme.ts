/**
 * A synthetic social prescribing programme for the reports benchmark: 11 community health
 * centres (Ontario, some francophone), link workers, community partners with directory
 * services in every category (located in the sites' areas, some areas left with none, as
 * the gap map expects), and referrals over three years (or `years`) going through every
 * stage of the pathway in believable proportions, with UCLA-3 and ONS4 measured at
 * baseline, 3 and 6 months with a believable improvement, and PHQ-9 for low mood. Rows are made inside the database with
 * generate_series (one statement per table, no row crosses the wire), which works the same
 * on the server and the embedded engine and loads a million referrals in minutes.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../src/server/db/client';
import { categories } from '../src/shared/directory-categories';

export const syntheticSites = [
  {
    name: 'CSC Centre-Ville Ottawa',
    lat: 45.43,
    lon: -75.69,
    locale: 'fr',
    areas: ['K1N', 'K1K', 'K1L'],
  },
  { name: 'CHC Toronto West', lat: 43.65, lon: -79.44, locale: 'en', areas: ['M6H', 'M6J', 'M6K'] },
  {
    name: 'CHC Hamilton North',
    lat: 43.26,
    lon: -79.86,
    locale: 'en',
    areas: ['L8L', 'L8R', 'L8H'],
  },
  {
    name: 'Centre de santé communautaire du Grand Sudbury',
    lat: 46.49,
    lon: -80.99,
    locale: 'fr',
    areas: ['P3A', 'P3C', 'P3E'],
  },
  { name: 'CHC Thunder Bay', lat: 48.38, lon: -89.25, locale: 'en', areas: ['P7A', 'P7B', 'P7C'] },
  {
    name: 'CHC London Intercommunity',
    lat: 42.98,
    lon: -81.24,
    locale: 'en',
    areas: ['N5W', 'N5Y', 'N6A'],
  },
  {
    name: 'CSC de l’Estrie (Cornwall)',
    lat: 45.02,
    lon: -74.73,
    locale: 'fr',
    areas: ['K6H', 'K6J', 'K6K'],
  },
  { name: 'CHC Kingston', lat: 44.23, lon: -76.49, locale: 'en', areas: ['K7K', 'K7L', 'K7M'] },
  { name: 'CHC Rural Lanark', lat: 45.13, lon: -76.14, locale: 'en', areas: ['K0G', 'K7C', 'K7H'] },
  {
    name: 'Centre de santé communautaire de Hearst-Kapuskasing',
    lat: 49.69,
    lon: -83.67,
    locale: 'fr',
    areas: ['P0L', 'P5N', 'P0M'],
  },
  {
    name: 'CHC Windsor Downtown',
    lat: 42.31,
    lon: -83.03,
    locale: 'en',
    areas: ['N9A', 'N8X', 'N9B'],
  },
] as const;

const workersPerSite = 4;
const partnerCount = 30;
const serviceCount = 80;

export type SyntheticSizes = {
  referrals: number;
  people: number;
  cases: number;
  assessments: number;
  plans: number;
  connections: number;
  measurements: number;
  scores: number;
};

function uuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

function textArray(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replaceAll('"', '')}"`).join(',')}}`;
}

async function count(db: Database, table: string): Promise<number> {
  const result = (await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as {
    rows: { n: number }[];
  };
  return result.rows[0]?.n ?? 0;
}

/** The referral reasons drawn below that name low mood (r2 in [0.45, 0.72)). */
const lowMood = sql`(r2 >= 0.45 and r2 < 0.72)`;

type Run = (statement: ReturnType<typeof sql>) => Promise<unknown>;

/**
 * The directory's services, each at a location in one of a site's areas, with their
 * categories, referral status (some full or waitlisted) and languages in the search
 * documents the gap map reads.
 */
async function locateServices(run: Run): Promise<void> {
  const sites = JSON.stringify(
    syntheticSites.map((site, index) => ({
      n: index,
      lat: site.lat,
      lon: site.lon,
      areas: site.areas,
    })),
  );
  await run(sql`
    create temp table synthetic_services on commit drop as
    select k, 'synthetic-service-' || k as id, s.lat + (k % 5) * 0.004 as lat,
      s.lon - (k % 3) * 0.004 as lon, s.areas[1 + k % 3] as area, s.n % 2 = 0 as francophone,
      case when k % 7 = 0 then 'full' when k % 5 = 0 then 'waitlist' else 'open' end as referral_status
    from generate_series(1, ${serviceCount}) k
    join jsonb_to_recordset(${sites}::jsonb) as s(n int, lat float8, lon float8, areas text[])
      on s.n = k % ${syntheticSites.length}`);
  await run(sql`
    insert into directory_services (id, name, status, referral_status, record)
    select id, 'Synthetic service ' || k, 'active', referral_status, '{}'::jsonb from synthetic_services`);
  await run(sql`
    insert into directory_locations (id, location_type, latitude, longitude, record)
    select 'synthetic-location-' || k, 'physical', lat, lon, '{}'::jsonb from synthetic_services`);
  await run(sql`
    insert into directory_addresses (id, location_id, postal_code, record)
    select 'synthetic-address-' || k, 'synthetic-location-' || k, area || ' 1A1', '{}'::jsonb
    from synthetic_services`);
  await run(sql`
    insert into directory_search_documents (service_id, document, category_ids, referral_status,
      language_codes, latitude, longitude)
    select id, to_tsvector('simple', 'synthetic'),
      array[(${textArray(categories.map((c) => c.id))}::text[])[1 + k % ${categories.length}]],
      referral_status, case when francophone then '{fr,en}'::text[] else '{en}'::text[] end, lat, lon
    from synthetic_services`);
}

/** Loads `referrals` synthetic referrals (and everything around them) into an empty database. */
export async function loadSyntheticProgramme(
  db: Database,
  referrals: number,
  years = 3,
): Promise<SyntheticSizes> {
  const days = Math.round(years * 365);
  await db.transaction(async (tx) => {
    const run: Run = (statement) => tx.execute(statement);
    await run(sql`select setseed(0.42)`);
    // A bulk load, as pg_restore makes one: no row triggers (foreign keys, the summaries'
    // and FHIR's change queues; the summaries are rebuilt in full after). Needs a superuser.
    await run(sql`set local session_replication_role = replica`);

    // Organisations, sites, link workers, partners and their directory services.
    const organisation = (await tx.execute(
      sql`insert into organisations (name, kind) values ('Rx: Community (synthetic)', 'health_centre') returning id`,
    )) as { rows: { id: string }[] };
    const organisationId = organisation.rows[0]?.id ?? '';
    const siteIds: string[] = [];
    const areas: string[] = [];
    for (const site of syntheticSites) {
      const row = (await tx.execute(
        sql`insert into sites (organisation_id, name, default_locale)
            values (${organisationId}, ${site.name}, ${site.locale}) returning id`,
      )) as { rows: { id: string }[] };
      siteIds.push(row.rows[0]?.id ?? '');
      areas.push(...site.areas);
    }
    const francophone = syntheticSites.map((site) => site.locale === 'fr');
    await run(sql`
      insert into accounts (id, email, display_name, password_hash)
      select md5('worker' || w)::uuid, 'worker' || w || '@synthetic.example', 'Link worker ' || w, 'x'
      from generate_series(1, ${siteIds.length * workersPerSite}) w`);
    await run(sql`
      insert into role_grants (account_id, role, site_id)
      select md5('worker' || w)::uuid, 'link_worker',
        (${uuidArray(siteIds)}::uuid[])[1 + (w - 1) / ${workersPerSite}]
      from generate_series(1, ${siteIds.length * workersPerSite}) w`);
    await run(sql`
      insert into organisations (id, name, kind)
      select md5('partner' || k)::uuid, 'Community partner ' || k, 'community_partner'
      from generate_series(1, ${partnerCount}) k`);
    await locateServices(run);

    // One row of random draws per referral: every table below is made from it.
    await run(sql`
      create temp table synthetic on commit drop as
      select i,
        random() as u,
        1 + floor(random() * ${siteIds.length})::int as site,
        timestamptz '2026-11-01 09:00+00' - ${days} * interval '1 day'
          + random() * ${days} * interval '1 day' as referred_at,
        0.2 + power(random(), 2) * 25 as contact_days,
        1 + random() * 10 as accept_days,
        random() as r1, random() as r2, random() as r3, random() as r4,
        floor(random() * ${workersPerSite})::int as worker,
        floor(random() * ${serviceCount})::int + 1 as service,
        -- Baseline scores and each person's own change, so follow-ups stay believable.
        least(9, greatest(3, round(6.8 + random() * 2.4 - 1.2 + (random() - 0.5) * 2))) as ucla,
        random() * 2.6 - 0.2 as ucla_gain,
        least(27, greatest(0, round(11 + (random() - 0.5) * 14))) as phq,
        random() * 7 - 0.5 as phq_gain,
        least(10, greatest(0, round(5 + (random() - 0.5) * 6))) as ons,
        random() * 3 - 0.6 as ons_gain
      from generate_series(1, ${referrals}) i`);

    await run(sql`
      insert into people (id, site_id, given_name, family_name, date_of_birth, sex,
        preferred_language, contact_preference, postal_code)
      select md5('person' || i)::uuid, (${uuidArray(siteIds)}::uuid[])[site],
        'Synthetic', 'Person ' || i,
        (referred_at - (18 + power(r1, 0.8) * 75) * interval '365.25 days')::date,
        case when r2 < 0.62 then 'female' when r2 < 0.97 then 'male' when r2 < 0.99 then 'other'
          else 'not_stated' end,
        case when (${`{${francophone.join(',')}}`}::boolean[])[site] then
          case when r3 < 0.8 then 'fr' else 'en' end
          else case when r3 < 0.08 then 'fr' else 'en' end end,
        'phone',
        (${textArray(areas)}::text[])[(site - 1) * 3 + 1 + floor(r4 * 3)::int]
          || ' ' || floor(r4 * 10)::int || 'A' || floor(r1 * 10)::int
      from synthetic`);

    // Stages: 85% contacted, 70% accepted, 60% assessed, 55% with a plan, 50% connected,
    // 40% attended; older accepted cases are discharged.
    await run(sql`
      insert into cases (id, reference, person_id, site_id, source, reasons, urgency, status,
        assigned_to, outcome_code, closure_reason, referred_at, first_contact_at, accepted_at,
        closed_at)
      select md5('case' || i)::uuid, 'SYN-' || i, md5('person' || i)::uuid,
        (${uuidArray(siteIds)}::uuid[])[site],
        case when r1 < 0.72 then 'clinician' when r1 < 0.9 then 'agency' else 'self' end,
        case when r2 < 0.45 then array['loneliness_isolation']
          when r2 < 0.6 then array['loneliness_isolation', 'low_mood_stress']
          when r2 < 0.72 then array['low_mood_stress']
          when r2 < 0.8 then array['physical_inactivity']
          when r2 < 0.86 then array['money', 'housing']
          when r2 < 0.9 then array['food']
          when r2 < 0.94 then array['long_term_condition']
          when r2 < 0.97 then array['bereavement']
          else array['caring_responsibilities'] end,
        case when r3 < 0.75 then 'routine' when r3 < 0.95 then 'soon' else 'urgent' end,
        case
          when u >= 0.85 then case when referred_at < now() - interval '60 days' then 'unreachable' else 'new' end
          when u >= 0.70 then 'declined'
          when referred_at < now() - interval '240 days' and r4 < 0.85 then 'discharged'
          else 'active' end,
        case when u < 0.85 or r4 < 0.5
          then md5('worker' || ((site - 1) * ${workersPerSite} + worker + 1))::uuid end,
        case when u < 0.70 then '871731000000106' when u < 0.85 then '871711000000103' end,
        case
          when u >= 0.85 and referred_at < now() - interval '60 days' then 'no_contact'
          when u >= 0.70 and u < 0.85 then 'not_interested'
          when u < 0.70 and referred_at < now() - interval '240 days' and r4 < 0.85 then
            case when u < 0.4 then 'goals_met' when r3 < 0.3 then 'moved'
              when r3 < 0.6 then 'referred_elsewhere' else 'declined' end end,
        referred_at,
        case when u < 0.85 then referred_at + contact_days * interval '1 day' end,
        case when u < 0.70 then referred_at + (contact_days + accept_days) * interval '1 day' end,
        case
          when u >= 0.85 and referred_at < now() - interval '60 days' then referred_at + interval '45 days'
          when u >= 0.70 and u < 0.85 then referred_at + (contact_days + 1) * interval '1 day'
          when u < 0.70 and referred_at < now() - interval '240 days' and r4 < 0.85 then
            referred_at + (190 + r3 * 40) * interval '1 day' end
      from synthetic`);

    await run(sql`
      insert into assessments (case_id, completed_at, needs)
      select md5('case' || i)::uuid, referred_at + (contact_days + accept_days + 7) * interval '1 day',
        jsonb_build_object(
          'social_connection', case when r2 < 0.6 then 'high' when r1 < 0.5 then 'some' else 'none' end,
          'mental_wellbeing', case when r2 >= 0.45 and r2 < 0.72 then 'high' when r3 < 0.3 then 'some'
            else 'none' end,
          'physical_activity', case when r2 >= 0.72 and r2 < 0.8 then 'high' when r4 < 0.3 then 'some'
            else 'none' end)
      from synthetic where u < 0.60`);
    await run(sql`
      insert into action_plans (case_id, agreed_on)
      select md5('case' || i)::uuid, (referred_at + (contact_days + accept_days + 14) * interval '1 day')::date
      from synthetic where u < 0.55`);
    // Connected and attended; and, for some not connected, a partner's decline.
    await run(sql`
      insert into connections (case_id, service_id, partner_organisation_id, organisation_name,
        activity, status, status_reason, first_attended_on)
      select md5('case' || i)::uuid, 'synthetic-service-' || service,
        md5('partner' || (1 + service % ${partnerCount}))::uuid,
        'Community partner ' || (1 + service % ${partnerCount}), 'Activity ' || service,
        case when u < 0.40 then case when r2 < 0.6 then 'ongoing' else 'attended' end
          when u < 0.50 then 'accepted' else 'declined' end,
        case when u >= 0.50 then case when r3 < 0.5 then 'full' when r3 < 0.8 then 'not_suitable'
          else 'not_eligible' end end,
        case when u < 0.40 then (referred_at + (contact_days + accept_days + 30) * interval '1 day')::date end
      from synthetic where u < 0.53`);

    // Measurements: baseline for everyone assessed, 3 months for 45%, 6 months for 35%;
    // PHQ-9 only where low mood is a reason (about 3 measurements a referral in all).
    await run(sql`
      insert into measurements (id, case_id, person_id, site_id, instrument_id, instrument_version,
        timepoint, taken_on, answered_by, complete)
      select md5('m' || i || instrument || timepoint)::uuid, md5('case' || i)::uuid,
        md5('person' || i)::uuid, (${uuidArray(siteIds)}::uuid[])[site], instrument, 1, timepoint,
        (referred_at + (contact_days + accept_days + 7 + months * 30.4) * interval '1 day')::date,
        'link_worker', true
      from synthetic
      cross join (values ('ucla3'), ('ons4'), ('phq9')) as i2(instrument)
      cross join (values ('baseline', 0, 0.60), ('month_3', 3, 0.45), ('month_6', 6, 0.35))
        as t(timepoint, months, share)
      where u < share and (instrument <> 'phq9' or ${lowMood})`);
    await run(sql`
      insert into measurement_scores (measurement_id, scale, value)
      select md5('m' || i || instrument || timepoint)::uuid, scale,
        case
          when scale = 'total' and instrument = 'ucla3' then
            least(9, greatest(3, ucla - round(ucla_gain * months / 3.5)))
          when scale = 'total' then least(27, greatest(0, phq - round(phq_gain * months / 5.0)))
          when scale = 'anxious' then least(10, greatest(0, ons + 1 - round(ons_gain * months / 5.0)))
          else least(10, greatest(0, ons + round(ons_gain * months / 5.0))) end
      from synthetic
      cross join (values ('ucla3', 'total'), ('phq9', 'total'), ('ons4', 'satisfied'),
        ('ons4', 'worthwhile'), ('ons4', 'happy'), ('ons4', 'anxious')) as s(instrument, scale)
      cross join (values ('baseline', 0, 0.60), ('month_3', 3, 0.45), ('month_6', 6, 0.35))
        as t(timepoint, months, share)
      where u < share and (instrument <> 'phq9' or ${lowMood})`);
  });
  await db.execute(sql`analyze`);
  return {
    referrals,
    people: await count(db, 'people'),
    cases: await count(db, 'cases'),
    assessments: await count(db, 'assessments'),
    plans: await count(db, 'action_plans'),
    connections: await count(db, 'connections'),
    measurements: await count(db, 'measurements'),
    scores: await count(db, 'measurement_scores'),
  };
}
