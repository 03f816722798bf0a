// The configuration a new grading model starts from, per kind: the same
// defaults the server fills in (docs/api.md, "Deals and grading").
import type { GradingModelKind } from '@/gql/graphql'

export const GRADING_DEFAULTS: Record<GradingModelKind, Record<string, unknown>> = {
  ABCD: { monthsA: 1, monthsB: 3, monthsC: 6, noContactDays: 90 },
  VALUE_SHARE: { windowDays: 365, keyPercent: 80, majorPercent: 15, currency: 'CNY', labels: ['重点客户', '主要客户', '普通客户'] },
  RFM: { windowDays: 365, recency: 'lastWon', segments: 'eight', highFrom: 4, currency: 'CNY' },
  WEIGHTED: {
    windowDays: 365,
    currency: 'CNY',
    indicators: [
      { indicator: 'dealAmount', weight: 50 },
      { indicator: 'purchaseFrequency', weight: 30 },
      { indicator: 'recency', weight: 20 },
    ],
    grades: [
      { label: 'A', minScore: 80 },
      { label: 'B', minScore: 60 },
      { label: 'C', minScore: 30 },
      { label: 'D', minScore: 0 },
    ],
  },
}

export const INDICATORS = ['dealAmount', 'purchaseFrequency', 'recency', 'contactRecency', 'conversationCount']
export const CURRENCIES = ['CNY', 'HKD', 'USD', 'EUR', 'JPY', 'GBP']
