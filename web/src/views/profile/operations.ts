import { graphql } from '@/gql'

export const ProfileMe = graphql(`
  query ProfileMe {
    me {
      user { id email displayName role emailVerified lastLoginAt createdAt awayUntil reminderTime group { id name } }
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

/** One's own reminder time and absence (`awayUntil: null`: back). */
export const ProfileUpdateSelf = graphql(`
  mutation ProfileUpdateSelf($id: ID!, $input: UpdateUserInput!) {
    updateUser(id: $id, input: $input) { id awayUntil reminderTime }
  }
`)
