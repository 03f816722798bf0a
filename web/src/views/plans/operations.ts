import { graphql } from '@/gql'

export const PlanFields = graphql(`
  fragment PlanFields on WorkPlan {
    id subject start end content notes done doneAt overdue createdAt updatedAt
    author { id displayName }
    doneBy { id displayName }
    customer { id name number company }
  }
`)

export const PlansList = graphql(`
  query PlansList($filter: WorkPlansFilter, $first: Int, $after: String) {
    workPlans(filter: $filter, first: $first, after: $after) {
      totalCount
      nodes { ...PlanFields }
      pageInfo { hasNextPage endCursor }
    }
  }
`)

export const PlansCursors = graphql(`
  query PlansCursors($filter: WorkPlansFilter, $first: Int, $after: String) {
    workPlans(filter: $filter, first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
    }
  }
`)

export const PlansCreate = graphql(`
  mutation PlansCreate($input: CreateWorkPlanInput!) {
    createWorkPlan(input: $input) { ...PlanFields }
  }
`)

export const PlansUpdate = graphql(`
  mutation PlansUpdate($id: ID!, $input: UpdateWorkPlanInput!) {
    updateWorkPlan(id: $id, input: $input) { ...PlanFields }
  }
`)

export const PlansSetDone = graphql(`
  mutation PlansSetDone($id: ID!, $done: Boolean!) {
    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }
  }
`)

export const PlansDelete = graphql(`
  mutation PlansDelete($id: ID!) {
    deleteWorkPlan(id: $id)
  }
`)

export const PlansSetNextVisit = graphql(`
  mutation PlansSetNextVisit($id: ID!, $at: DateTime) {
    updateCustomer(id: $id, input: { nextVisitAt: $at }) { id nextVisitAt }
  }
`)
