// What workflows and webhooks share: whose they are.
export default {
  group: 'Belongs to',
  companyWide: 'Company-wide',
}
