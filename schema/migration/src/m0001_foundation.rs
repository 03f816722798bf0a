//! Tenants, users, groups and supervisors, sessions, API keys, invitations,
//! the audit log and the mail outbox; plus the RLS scaffolding on PostgreSQL.

use sea_orm_migration::prelude::*;

use crate::APP_ROLE;
use crate::support::{col, id, postgres_only, rls_statements, tenant_entity, tenant_fk, tenant_index, tenant_root_fk};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0001_foundation"
    }
}

/// Tenant tables created here, in dependency order.
const TENANT_TABLES: &[&str] = &[
    "tenants",
    "groups",
    "users",
    "group_supervisors",
    "sessions",
    "api_keys",
    "invitations",
    "audit_log",
    "mail_outbox",
];

fn created_updated(t: &mut TableCreateStatement) -> &mut TableCreateStatement {
    t.col(col("created_at").timestamp_with_time_zone().not_null())
        .col(col("updated_at").timestamp_with_time_zone().not_null())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        postgres_only(
            m,
            &[
                // The role the server runs as. Created once per cluster; NOLOGIN
                // because deployments log in as their own role granted this one.
                format!(
                    "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN \
                     CREATE ROLE {APP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; END IF; END $$"
                ),
                format!("GRANT USAGE ON SCHEMA public TO {APP_ROLE}"),
                // NULL (so no row matches) when the setting is missing or empty.
                "CREATE OR REPLACE FUNCTION guanxi_current_tenant() RETURNS uuid LANGUAGE sql STABLE AS \
                 $$ SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid $$"
                    .to_owned(),
            ],
        )
        .await?;

        // Global: the slug directory (slug → tenant), read before login.
        m.create_table(
            Table::create()
                .table(id("tenant_slugs"))
                .col(col("slug").string_len(32).not_null().primary_key())
                .col(col("tenant_id").uuid().not_null().unique_key())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await?;

        // Global: failed-login counters per client address.
        m.create_table(
            Table::create()
                .table(id("auth_throttle"))
                .col(col("key").string_len(100).not_null().primary_key())
                .col(col("failures").integer().not_null())
                .col(col("window_started_at").timestamp_with_time_zone().not_null())
                .col(col("locked_until").timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;

        // The root tenant table: one row per company, keyed by tenant_id.
        let mut t = Table::create();
        t.table(id("tenants"))
            .col(col("tenant_id").uuid().not_null().primary_key())
            .col(col("name").string_len(100).not_null())
            .col(col("time_zone").string_len(64).not_null())
            .col(col("locale").string_len(16).not_null());
        m.create_table(created_updated(&mut t).to_owned()).await?;

        let mut t = tenant_entity("groups");
        t.col(col("name").string_len(100).not_null()).foreign_key(&mut tenant_root_fk("groups"));
        m.create_table(created_updated(&mut t).to_owned()).await?;
        m.create_index(tenant_index("groups", &["name"], true)).await?;

        let mut t = tenant_entity("users");
        t.col(col("email").string_len(254).not_null())
            .col(col("display_name").string_len(100).not_null())
            .col(col("password_hash").string_len(200).not_null())
            .col(col("role").string_len(20).not_null())
            .col(col("group_id").uuid().null())
            .col(col("active").boolean().not_null())
            .col(col("failed_logins").integer().not_null())
            .col(col("locked_until").timestamp_with_time_zone().null())
            .col(col("last_login_at").timestamp_with_time_zone().null())
            .col(col("deactivated_at").timestamp_with_time_zone().null())
            .foreign_key(&mut tenant_root_fk("users"))
            .foreign_key(&mut tenant_fk("users", "group_id", "groups", ForeignKeyAction::Restrict));
        m.create_table(created_updated(&mut t).to_owned()).await?;
        m.create_index(tenant_index("users", &["email"], true)).await?;
        m.create_index(tenant_index("users", &["group_id"], false)).await?;

        m.create_table(
            Table::create()
                .table(id("group_supervisors"))
                .col(col("tenant_id").uuid().not_null())
                .col(col("group_id").uuid().not_null())
                .col(col("user_id").uuid().not_null())
                .col(col("created_at").timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col(id("tenant_id")).col(id("group_id")).col(id("user_id")))
                .foreign_key(&mut tenant_fk("group_supervisors", "group_id", "groups", ForeignKeyAction::Cascade))
                .foreign_key(&mut tenant_fk("group_supervisors", "user_id", "users", ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_index("group_supervisors", &["user_id"], false)).await?;

        let mut t = tenant_entity("sessions");
        t.col(col("user_id").uuid().not_null())
            .col(col("token_hash").string_len(64).not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("expires_at").timestamp_with_time_zone().not_null())
            .col(col("last_seen_at").timestamp_with_time_zone().not_null())
            .col(col("revoked_at").timestamp_with_time_zone().null())
            .col(col("ip").string_len(64).null())
            .col(col("user_agent").string_len(300).null())
            .foreign_key(&mut tenant_fk("sessions", "user_id", "users", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("sessions", &["token_hash"], true)).await?;
        m.create_index(tenant_index("sessions", &["user_id"], false)).await?;

        let mut t = tenant_entity("api_keys");
        t.col(col("user_id").uuid().not_null())
            .col(col("name").string_len(100).not_null())
            .col(col("scope").string_len(20).not_null())
            .col(col("token_hash").string_len(64).not_null())
            .col(col("token_hint").string_len(16).not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("last_used_at").timestamp_with_time_zone().null())
            .col(col("revoked_at").timestamp_with_time_zone().null())
            .foreign_key(&mut tenant_fk("api_keys", "user_id", "users", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("api_keys", &["token_hash"], true)).await?;
        m.create_index(tenant_index("api_keys", &["user_id"], false)).await?;

        let mut t = tenant_entity("invitations");
        t.col(col("email").string_len(254).not_null())
            .col(col("role").string_len(20).not_null())
            .col(col("group_id").uuid().null())
            .col(col("invited_by").uuid().not_null())
            .col(col("token_hash").string_len(64).not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("expires_at").timestamp_with_time_zone().not_null())
            .col(col("accepted_at").timestamp_with_time_zone().null())
            .col(col("revoked_at").timestamp_with_time_zone().null())
            // Not SET NULL: on a composite key that would null tenant_id as well.
            // Deleting a group clears its invitations first (store::groups::delete).
            .foreign_key(&mut tenant_fk("invitations", "group_id", "groups", ForeignKeyAction::Restrict))
            .foreign_key(&mut tenant_fk("invitations", "invited_by", "users", ForeignKeyAction::Cascade));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("invitations", &["token_hash"], true)).await?;
        m.create_index(tenant_index("invitations", &["email"], false)).await?;

        // The audit log outlives the users it names, so no foreign keys here.
        let mut t = tenant_entity("audit_log");
        t.col(col("actor_id").uuid().null())
            .col(col("action").string_len(64).not_null())
            .col(col("target_type").string_len(32).null())
            .col(col("target_id").uuid().null())
            .col(col("detail").json_binary().not_null())
            .col(col("request_id").string_len(64).null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .foreign_key(&mut tenant_root_fk("audit_log"));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("audit_log", &["created_at"], false)).await?;

        let mut t = tenant_entity("mail_outbox");
        t.col(col("kind").string_len(32).not_null())
            .col(col("to_address").string_len(254).not_null())
            .col(col("subject").string_len(300).not_null())
            .col(col("body_text").text().not_null())
            .col(col("status").string_len(16).not_null())
            .col(col("created_at").timestamp_with_time_zone().not_null())
            .col(col("sent_at").timestamp_with_time_zone().null())
            .foreign_key(&mut tenant_root_fk("mail_outbox"));
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_index("mail_outbox", &["created_at"], false)).await?;

        let mut rls = Vec::new();
        for table in TENANT_TABLES {
            rls.extend(rls_statements(table));
        }
        rls.push(format!("GRANT SELECT, INSERT ON tenant_slugs TO {APP_ROLE}"));
        rls.push(format!("GRANT SELECT, INSERT, UPDATE, DELETE ON auth_throttle TO {APP_ROLE}"));
        postgres_only(m, &rls).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in TENANT_TABLES.iter().rev().chain(["auth_throttle", "tenant_slugs"].iter()) {
            m.drop_table(Table::drop().table(id(table)).if_exists().to_owned()).await?;
        }
        postgres_only(m, &["DROP FUNCTION IF EXISTS guanxi_current_tenant()".to_owned()]).await
    }
}
