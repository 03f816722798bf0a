//! The message board (留言板: posts and threaded replies) and the suggestion
//! box (建议箱: suggestions, signed or anonymous, and staff replies).

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0003_board"
    }
}

/// Tables created here, in dependency order.
const TABLES: &[&str] = &["board_posts", "board_replies", "suggestions", "suggestion_replies"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = tenant_entity("board_posts");
        t.col(col("author_id").uuid().not_null())
            .col(col("title").string_len(100).not_null())
            .col(col("mood").string_len(16).not_null())
            .col(col("content").text().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("edited_at").timestamp_with_time_zone().null())
            .foreign_key(&mut tenant_root_fk("board_posts"))
            .foreign_key(&mut tenant_fk("board_posts", "author_id", "users", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("board_posts", &["author_id"], false)).await?;

        // One table for the whole thread: `parent_id` names the reply answered,
        // or is NULL for a direct reply to the post.
        let mut t = tenant_entity("board_replies");
        t.col(col("post_id").uuid().not_null())
            .col(col("parent_id").uuid().null())
            .col(col("author_id").uuid().not_null())
            .col(col("content").text().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("edited_at").timestamp_with_time_zone().null())
            .foreign_key(&mut tenant_root_fk("board_replies"))
            .foreign_key(&mut tenant_fk("board_replies", "post_id", "board_posts", ForeignKeyAction::Cascade))
            .foreign_key(&mut tenant_fk("board_replies", "parent_id", "board_replies", ForeignKeyAction::Cascade))
            .foreign_key(&mut tenant_fk("board_replies", "author_id", "users", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("board_replies", &["post_id"], false)).await?;
        m.create_index(tenant_index("board_replies", &["parent_id"], false)).await?;
        m.create_index(tenant_index("board_replies", &["author_id"], false)).await?;

        // `author_id` is NULL for an anonymous suggestion, and nothing else in
        // the row (no address, no user agent) points back to its author.
        let mut t = tenant_entity("suggestions");
        t.col(col("author_id").uuid().null())
            .col(col("title").string_len(100).not_null())
            .col(col("content").text().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_root_fk("suggestions"))
            .foreign_key(&mut tenant_fk("suggestions", "author_id", "users", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("suggestions", &["created_at"], false)).await?;
        m.create_index(tenant_index("suggestions", &["author_id"], false)).await?;

        let mut t = tenant_entity("suggestion_replies");
        t.col(col("suggestion_id").uuid().not_null())
            .col(col("author_id").uuid().not_null())
            .col(col("content").text().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_root_fk("suggestion_replies"))
            .foreign_key(&mut tenant_fk(
                "suggestion_replies",
                "suggestion_id",
                "suggestions",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut tenant_fk("suggestion_replies", "author_id", "users", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("suggestion_replies", &["suggestion_id"], false)).await?;
        m.create_index(tenant_index("suggestion_replies", &["author_id"], false)).await?;

        let rls: Vec<String> = TABLES.iter().flat_map(|t| rls_statements(t)).collect();
        postgres_only(m, &rls).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            m.drop_table(Table::drop().table(id(table)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
