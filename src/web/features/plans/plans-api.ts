import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type {
  ActionPlan,
  Assessment,
  CreateFollowUpBody,
  CreatePlanReviewBody,
  FollowUp,
  FollowUpList,
  PlanPrintView,
  PlanReview,
  SaveAssessmentBody,
  SavePlanBody,
  UpdateFollowUpBody,
} from '../../../shared/contracts/plans';
import { apiRequest } from '../../api';

export const assessmentKey = (caseId: string): readonly string[] => ['plans', caseId, 'assessment'];
export const planKey = (caseId: string): readonly string[] => ['plans', caseId, 'plan'];
export const followUpsKey = (caseId: string): readonly string[] => ['plans', caseId, 'follow-ups'];

export function useAssessment(caseId: string): UseQueryResult<Assessment> {
  return useQuery({
    queryKey: assessmentKey(caseId),
    queryFn: () => apiRequest<Assessment>('GET', `/api/cases/${caseId}/assessment`),
  });
}

export function saveAssessment(caseId: string, body: SaveAssessmentBody): Promise<Assessment> {
  return apiRequest<Assessment>('PUT', `/api/cases/${caseId}/assessment`, { body });
}

export function usePlan(caseId: string): UseQueryResult<ActionPlan> {
  return useQuery({
    queryKey: planKey(caseId),
    queryFn: () => apiRequest<ActionPlan>('GET', `/api/cases/${caseId}/plan`),
  });
}

export function savePlan(caseId: string, body: SavePlanBody): Promise<ActionPlan> {
  return apiRequest<ActionPlan>('PUT', `/api/cases/${caseId}/plan`, { body });
}

export function addReview(caseId: string, body: CreatePlanReviewBody): Promise<PlanReview> {
  return apiRequest<PlanReview>('POST', `/api/cases/${caseId}/plan/reviews`, { body });
}

export function useFollowUps(caseId: string): UseQueryResult<FollowUpList> {
  return useQuery({
    queryKey: followUpsKey(caseId),
    queryFn: () => apiRequest<FollowUpList>('GET', `/api/cases/${caseId}/follow-ups`),
  });
}

export function createFollowUp(caseId: string, body: CreateFollowUpBody): Promise<FollowUp> {
  return apiRequest<FollowUp>('POST', `/api/cases/${caseId}/follow-ups`, { body });
}

export function updateFollowUp(id: string, body: UpdateFollowUpBody): Promise<FollowUp> {
  return apiRequest<FollowUp>('PATCH', `/api/follow-ups/${id}`, { body });
}

export function usePrintView(caseId: string): UseQueryResult<PlanPrintView> {
  return useQuery({
    queryKey: ['plans', caseId, 'print-view'],
    queryFn: () => apiRequest<PlanPrintView>('GET', `/api/cases/${caseId}/plan/print-view`),
    // Each view of the printout is audited: fetch it once per visit to the page, never in
    // the background, and never show an older plan from the cache.
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
}
