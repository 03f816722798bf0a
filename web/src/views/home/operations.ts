import { graphql } from '@/gql'

export const HomeOverview = graphql(`
  query HomeOverview($todayFrom: DateTime!, $todayTo: DateTime!) {
    toVisit: customers(filter: { toVisit: TODAY }, first: 6) {
      totalCount
      edges { node { id name company nextVisitAt owner { id displayName } } }
    }
    todayPlans: workPlans(filter: { from: $todayFrom, to: $todayTo, status: ALL }, first: 6) {
      totalCount
      nodes { ...PlanFields }
    }
    overduePlans: workPlans(filter: { status: OVERDUE }, first: 6) {
      totalCount
      nodes { ...PlanFields }
    }
    recent: conversations(filter: { window: LAST_3_DAYS }, first: 6) {
      totalCount
      nodes { id customerId customerName topic kind occurredAt author { id displayName } }
    }
    addedToday: customers(filter: { added: TODAY }, first: 1) { totalCount }
    addedWeek: customers(filter: { added: THIS_WEEK }, first: 1) { totalCount }
    contactedToday: customers(filter: { contacted: TODAY }, first: 1) { totalCount }
    visitedWeek: customers(filter: { visited: THIS_WEEK }, first: 1) { totalCount }
  }
`)

export const HomeTeam = graphql(`
  query HomeTeam {
    team(filter: { active: true }, first: 20) {
      totalCount
      members {
        user { id displayName role group { id name } }
        customersHeld
        plans { open done overdue }
        customersCreated { last7Days }
        poolClaims { last7Days }
      }
    }
  }
`)

export const HomePlanDone = graphql(`
  mutation HomePlanDone($id: ID!, $done: Boolean!) {
    setWorkPlanDone(id: $id, done: $done) { ...PlanFields }
  }
`)
