import { graphql } from '@/gql'

export const AuthSignUp = graphql(`
  mutation AuthSignUp($input: SignUpInput!) {
    signUp(input: $input) {
      token
      tenant { id name slug plan }
    }
  }
`)

export const AuthLogin = graphql(`
  mutation AuthLogin($input: LoginInput!) {
    login(input: $input) {
      token
    }
  }
`)

export const AuthRequestPasswordReset = graphql(`
  mutation AuthRequestPasswordReset($input: RequestPasswordResetInput!) {
    requestPasswordReset(input: $input)
  }
`)

export const AuthResetPassword = graphql(`
  mutation AuthResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input)
  }
`)

export const AuthVerifyEmail = graphql(`
  mutation AuthVerifyEmail($token: String!) {
    verifyEmail(token: $token)
  }
`)

export const AuthAcceptInvitation = graphql(`
  mutation AuthAcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      token
      user { id displayName role }
      tenant { id name }
    }
  }
`)
