//! WebAssembly plugins installed by a company: the plugin, its immutable
//! uploaded versions, where it is attached (a custom field's validator, a
//! grading model's grader), the log of its recent calls and its daily usage
//! (which billing reads, and which outlives the plugin).

use sea_orm_migration::prelude::*;

use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0015_plugins"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut p = tenant_entity("plugins");
        p.col(col("key").string_len(64).not_null())
            .col(col("name").string_len(100).not_null())
            .col(col("description").string_len(2000).not_null())
            .col(col("enabled").boolean().not_null())
            .col(col("current_version_id").uuid().null())
            .col(col("previous_version_id").uuid().null())
            .col(col("config").json_binary().not_null())
            .col(col("created_by").uuid().null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("updated_at").timestamp_with_time_zone().not_null());
        m.create_table(p.to_owned()).await?;
        m.create_index(tenant_index("plugins", &["key"], true)).await?;

        let mut v = tenant_entity("plugin_versions");
        v.col(col("plugin_id").uuid().not_null())
            .col(col("version").string_len(32).not_null())
            .col(col("manifest").json_binary().not_null())
            .col(col("module").binary().not_null())
            .col(col("hash").string_len(64).not_null())
            .col(col("mode").string_len(8).not_null())
            .col(col("hooks").json_binary().not_null())
            .col(col("size").big_integer().not_null())
            .col(col("created_by").uuid().null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_fk("plugin_versions", "plugin_id", "plugins", ForeignKeyAction::Cascade));
        m.create_table(v.to_owned()).await?;
        m.create_index(tenant_index("plugin_versions", &["plugin_id", "version"], true)).await?;

        let mut a = tenant_entity("plugin_attachments");
        a.col(col("plugin_id").uuid().not_null())
            .col(col("hook").string_len(32).not_null())
            .col(col("target_kind").string_len(16).not_null())
            .col(col("target_id").uuid().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_fk("plugin_attachments", "plugin_id", "plugins", ForeignKeyAction::Cascade));
        m.create_table(a.to_owned()).await?;
        // One plugin per hook of a target: a field has one validator, a
        // model one grader.
        m.create_index(tenant_index("plugin_attachments", &["target_kind", "target_id", "hook"], true)).await?;
        m.create_index(tenant_index("plugin_attachments", &["plugin_id"], false)).await?;

        let mut c = tenant_entity("plugin_calls");
        c.col(col("plugin_id").uuid().not_null())
            .col(col("version_id").uuid().not_null())
            .col(col("hook").string_len(32).not_null())
            .col(col("target").string_len(100).null())
            .col(col("input_digest").string_len(64).not_null())
            .col(col("outcome").string_len(8).not_null())
            .col(col("error_code").string_len(32).null())
            .col(col("trap_code").string_len(32).null())
            .col(col("message").string_len(1000).null())
            .col(col("fuel_used").big_integer().not_null())
            .col(col("fuel_limit").big_integer().not_null())
            .col(col("wall_us").big_integer().not_null())
            .col(col("memory_peak").big_integer().not_null())
            .col(col("logs").text().not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_fk("plugin_calls", "plugin_id", "plugins", ForeignKeyAction::Cascade));
        m.create_table(c.to_owned()).await?;
        m.create_index(tenant_index("plugin_calls", &["plugin_id", "created_at"], false)).await?;

        // Usage is kept for billing after a plugin is deleted: no foreign key.
        let mut u = Table::create();
        u.table(id("plugin_usage"))
            .col(col("tenant_id").uuid().not_null())
            .col(col("plugin_id").uuid().not_null())
            .col(col("day").date().not_null())
            .col(col("hook").string_len(32).not_null())
            .col(col("plugin_key").string_len(64).not_null())
            .col(col("calls").big_integer().not_null())
            .col(col("failures").big_integer().not_null())
            .col(col("fuel").big_integer().not_null())
            .col(col("wall_us").big_integer().not_null())
            .primary_key(Index::create().col(id("tenant_id")).col(id("plugin_id")).col(id("day")).col(id("hook")));
        m.create_table(u.to_owned()).await?;
        m.create_index(tenant_index("plugin_usage", &["day"], false)).await?;

        let mut stmts = Vec::new();
        for t in ["plugins", "plugin_versions", "plugin_attachments", "plugin_calls", "plugin_usage"] {
            stmts.extend(rls_statements(t));
        }
        postgres_only(m, &stmts).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["plugin_usage", "plugin_calls", "plugin_attachments", "plugin_versions", "plugins"] {
            m.drop_table(Table::drop().table(id(t)).if_exists().to_owned()).await?;
        }
        Ok(())
    }
}
