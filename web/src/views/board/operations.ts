import { graphql } from '@/gql'

export const BoardReplyFields = graphql(`
  fragment BoardReplyFields on BoardReply {
    id postId parentId authorId authorName content createdAt editedAt
  }
`)

export const BoardPostFields = graphql(`
  fragment BoardPostFields on BoardPost {
    id authorId authorName title mood content replyCount createdAt editedAt
    replies(limit: 100) { ...BoardReplyFields }
  }
`)

export const BoardPosts = graphql(`
  query BoardPosts($limit: Int!, $before: ID) {
    boardPosts(limit: $limit, before: $before) { ...BoardPostFields }
  }
`)

export const BoardMoreReplies = graphql(`
  query BoardMoreReplies($id: ID!, $after: ID) {
    boardPost(id: $id) { id replyCount replies(limit: 100, after: $after) { ...BoardReplyFields } }
  }
`)

export const BoardMoods = graphql(`
  query BoardMoods {
    boardMoods
  }
`)

export const BoardCreatePost = graphql(`
  mutation BoardCreatePost($input: CreateBoardPostInput!) {
    createBoardPost(input: $input) { ...BoardPostFields }
  }
`)

export const BoardReply = graphql(`
  mutation BoardReply($input: ReplyToBoardPostInput!) {
    replyToBoardPost(input: $input) { ...BoardReplyFields }
  }
`)

export const BoardUpdatePost = graphql(`
  mutation BoardUpdatePost($id: ID!, $input: UpdateBoardPostInput!) {
    updateBoardPost(id: $id, input: $input) { ...BoardPostFields }
  }
`)

export const BoardUpdateReply = graphql(`
  mutation BoardUpdateReply($id: ID!, $content: String!) {
    updateBoardReply(id: $id, content: $content) { ...BoardReplyFields }
  }
`)

export const BoardDeletePost = graphql(`
  mutation BoardDeletePost($id: ID!) {
    deleteBoardPost(id: $id)
  }
`)

export const BoardDeleteReply = graphql(`
  mutation BoardDeleteReply($id: ID!) {
    deleteBoardReply(id: $id)
  }
`)
