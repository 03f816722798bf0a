// What workflows and webhooks share: whose they are.
export default {
  group: '所属',
  companyWide: '全公司',
}
