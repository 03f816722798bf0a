//! System jobs: `jobs.created_by` may be NULL for a job the system queued
//! for itself, which acts for no user (the overdue sweep of work plans).
//! Such a job runs whoever wrote the change that queued it, and whatever
//! became of them since: a sweep is the system's act, not a person's.
//!
//! The sweeps already queued become system jobs too.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0029_system_jobs"
    }
}

/// The kind of the overdue sweep (`guanxi_store::work_plans::OVERDUE_JOB_KIND`).
const OVERDUE_SWEEP: &str = "work_plans.overdue";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let conn = m.get_connection();
        match conn.get_database_backend() {
            DbBackend::Postgres => {
                conn.execute_unprepared("ALTER TABLE jobs ALTER COLUMN created_by DROP NOT NULL").await?;
            }
            _ => sqlite_allow_null_creator(conn).await?,
        }
        conn.execute_unprepared(&format!("UPDATE jobs SET created_by = NULL WHERE kind = '{OVERDUE_SWEEP}'")).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // System jobs have nobody to act as once the column is required.
        let conn = m.get_connection();
        conn.execute_unprepared("DELETE FROM job_queue WHERE job_id IN (SELECT id FROM jobs WHERE created_by IS NULL)")
            .await?;
        conn.execute_unprepared("DELETE FROM jobs WHERE created_by IS NULL").await?;
        if conn.get_database_backend() == DbBackend::Postgres {
            conn.execute_unprepared("ALTER TABLE jobs ALTER COLUMN created_by SET NOT NULL").await?;
        }
        Ok(())
    }
}

/// SQLite cannot drop a column's `NOT NULL`: the table is rebuilt from its
/// own definition without it (nothing references `jobs`, so dropping the old
/// table leaves no foreign key dangling), and its indexes made again.
async fn sqlite_allow_null_creator(conn: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    let schema = |sql: &str| Statement::from_string(DbBackend::Sqlite, sql.to_owned());
    let table = conn
        .query_one(schema("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'jobs'"))
        .await?
        .ok_or_else(|| DbErr::Migration("no table jobs".into()))?
        .try_get::<String>("", "sql")?;
    let indexes: Vec<String> = conn
        .query_all(schema(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs' AND sql IS NOT NULL",
        ))
        .await?
        .iter()
        .map(|r| r.try_get::<String>("", "sql"))
        .collect::<Result<_, _>>()?;
    let column = table.find("\"created_by\"").ok_or_else(|| DbErr::Migration("no jobs.created_by".into()))?;
    let end = column + table[column..].find(',').ok_or_else(|| DbErr::Migration("jobs.created_by unended".into()))?;
    let definition = table[column..end].replace(" NOT NULL", "");
    let rebuilt = format!("{}{definition}{}", &table[..column], &table[end..]).replacen(
        "CREATE TABLE \"jobs\"",
        "CREATE TABLE \"jobs_rebuilt\"",
        1,
    );
    if !rebuilt.starts_with("CREATE TABLE \"jobs_rebuilt\"") {
        return Err(DbErr::Migration(format!("unexpected definition of jobs: {table}")));
    }
    conn.execute_unprepared(&rebuilt).await?;
    conn.execute_unprepared("INSERT INTO jobs_rebuilt SELECT * FROM jobs").await?;
    conn.execute_unprepared("DROP TABLE jobs").await?;
    conn.execute_unprepared("ALTER TABLE jobs_rebuilt RENAME TO jobs").await?;
    for ix in indexes {
        conn.execute_unprepared(&ix).await?;
    }
    Ok(())
}
