// The import wizard's GraphQL operations.
import { graphql } from '@/gql'

export const ImportPreviewFile = graphql(`
  mutation ImportPreviewFile($file: Upload!, $sheet: String) {
    previewCustomerImport(file: $file, sheet: $sheet) {
      format encoding rows
      columns { header field fieldLabel }
      sample
      fields { name label }
      warnings { column code message }
    }
  }
`)

export const ImportStart = graphql(`
  mutation ImportStart($file: Upload!, $input: ImportCustomersInput) {
    importCustomers(file: $file, input: $input) { id }
  }
`)

export const ImportStatusQuery = graphql(`
  query ImportStatus($id: ID!, $offset: Int!, $limit: Int!) {
    customerImport(id: $id) {
      id fileName format status rowsTotal rowsDone created updated skipped failed createdAt finishedAt
      job { id status progressDone progressTotal progressNote error errorCode errorDetail }
      issues(offset: $offset, limit: $limit) { total items { row column code message severity } }
    }
  }
`)

export const ImportRecent = graphql(`
  query ImportRecent {
    customerImports(limit: 10) { id fileName status rowsTotal created updated skipped failed createdAt }
  }
`)

export const ImportCancel = graphql(`
  mutation ImportCancel($id: ID!) {
    cancelJob(id: $id) { id status }
  }
`)
