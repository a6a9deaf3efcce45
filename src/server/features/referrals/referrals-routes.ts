import { publicBaseUrl } from '../../platform/public-url';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ReReferBody, ReReferResult } from '../../../shared/contracts/cases';
import { IdParams } from '../../../shared/contracts/common';
import {
  CaseDuplicate,
  CreateReferralBody,
  MergePersonBody,
  MergePersonResult,
  PublicSiteList,
  Referral,
  ReferralList,
  ReferralListQuery,
  ReferralSiteList,
  SelfReferralAcknowledgement,
  SelfReferralBody,
} from '../../../shared/contracts/referrals';
import type { Config } from '../../config';
import { originOf, requireActor } from '../../platform/actor';
import type { AppContext } from '../../platform/context';
import { idempotent, writeDatabase } from '../../platform/idempotency';
import { publicFormRateLimit } from '../../platform/rate-limit';
import { getCaseDuplicate, mergePerson } from './duplicates-service';
import { getMyReferral, listMyReferrals } from './my-referrals-service';
import { type MailLinks, createReferral, listReferralSites } from './referrals-service';
import { createSelfReferral, listPublicSites } from './self-referral-service';
import { reReferCase } from './re-referral-service';

/** A self-referral is a few kilobytes; anything much larger is not a person typing. */
const selfReferralBodyLimit = 32 * 1024;

function mailLinks(config: Config): MailLinks {
  return { baseUrl: publicBaseUrl(config) };
}

export const referralRoutes: FastifyPluginAsyncZod<AppContext> = async (app, { db, config }) => {
  const tags = ['referrals'];
  const links = mailLinks(config);
  app.get(
    '/api/referrals/sites',
    {
      schema: {
        tags,
        summary: 'Sites the caller may refer to',
        response: { 200: ReferralSiteList },
      },
    },
    (request) => listReferralSites(db, requireActor(request)),
  );
  app.post(
    '/api/referrals',
    {
      schema: {
        tags,
        summary: "Refer a person, with their consent, to a site's link-worker team",
        body: CreateReferralBody,
        response: { 201: Referral },
      },
      config: idempotent,
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createReferral(
            writeDatabase(request, db),
            requireActor(request),
            request.body,
            links,
          ),
        ),
  );
  app.get(
    '/api/referrals/mine',
    {
      schema: {
        tags,
        summary: "The caller's own referrals, newest first",
        querystring: ReferralListQuery,
        response: { 200: ReferralList },
      },
    },
    (request) => listMyReferrals(db, requireActor(request), request.query),
  );
  app.get(
    '/api/referrals/:id',
    {
      schema: {
        tags,
        summary:
          "One of the caller's referrals: status history and, as consent allows, the summary back",
        params: IdParams,
        response: { 200: Referral },
      },
    },
    (request) => getMyReferral(db, requireActor(request), request.params.id),
  );

  app.get(
    '/api/cases/:id/duplicate',
    {
      schema: {
        tags,
        summary: "The case's person beside the earlier record they may duplicate",
        params: IdParams,
        response: { 200: CaseDuplicate },
      },
    },
    (request) => getCaseDuplicate(db, requireActor(request), request.params.id),
  );
  app.post(
    '/api/cases/:id/merge-person',
    {
      schema: {
        tags,
        summary: 'Decide on a possible duplicate: same person (merge) or two people',
        params: IdParams,
        body: MergePersonBody,
        response: { 200: MergePersonResult },
      },
    },
    (request) => mergePerson(db, requireActor(request), request.params.id, request.body),
  );
  app.post(
    '/api/cases/:id/re-refer',
    {
      schema: {
        tags,
        summary: 'Re-refer the person of a closed case: a new episode with its own consent',
        params: IdParams,
        body: ReReferBody,
        response: { 201: ReReferResult },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await reReferCase(db, requireActor(request), request.params.id, request.body)),
  );

  const publicTags = ['public'];
  app.get(
    '/api/public/sites',
    {
      schema: {
        tags: publicTags,
        summary: 'Sites that take self-referrals (no sign-in)',
        response: { 200: PublicSiteList },
      },
    },
    () => listPublicSites(db),
  );
  app.post(
    '/api/public/self-referrals',
    {
      bodyLimit: selfReferralBodyLimit,
      config: { ...publicFormRateLimit(config), idempotency: 'public' },
      schema: {
        tags: publicTags,
        summary:
          'Refer yourself (no sign-in); you get a reference and, with an email, an acknowledgement',
        body: SelfReferralBody,
        response: { 201: SelfReferralAcknowledgement },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await createSelfReferral(
            writeDatabase(request, db),
            originOf(request),
            request.body,
            links,
          ),
        ),
  );
};
