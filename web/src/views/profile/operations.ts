import { graphql } from '@/gql'

export const ProfileMe = graphql(`
  query ProfileMe {
    me {
      user { id email displayName role emailVerified lastLoginAt createdAt group { id name } }
      tenant { id name slug plan timeZone }
    }
  }
`)

export const ProfileChangePassword = graphql(`
  mutation ProfileChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`)

export const ProfileResendVerification = graphql(`
  mutation ProfileResendVerification {
    resendVerificationEmail
  }
`)

export const ProfileLogoutEverywhere = graphql(`
  mutation ProfileLogoutEverywhere {
    logoutEverywhere
  }
`)
