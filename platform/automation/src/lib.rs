//! Guanxi's background work: the job runner and, as features arrive, the job
//! handlers (customer imports, grading runs, pool reclaim, reminders …).
//!
//! A feature that needs background work does three things:
//!
//! 1. implements [`JobHandler`] for a kind such as `customers.import`;
//! 2. registers it in the server's [`Registry`];
//! 3. queues jobs with `guanxi_store::jobs::enqueue(&tx, kind, payload, total)`
//!    inside the transaction of the change that asks for them.
//!
//! The [`Runner`] (one per server replica) claims due jobs of the registered
//! kinds from the durable queue in the database, runs each handler in its own
//! task with a [`JobContext`], keeps the job's lease alive while it runs, and
//! records the result, the error (retrying internal errors with a growing
//! delay) or a panic. See `docs/jobs.md`.
//!
//! Beside it, the [`Mailer`] (one per replica, when an SMTP relay is
//! configured) delivers the mail outbox, and the event [`Dispatcher`]
//! delivers domain events to [`Subscriber`]s (see [`events`]); the
//! [`WebhookWorker`] sends the outbound webhooks the [`WebhookSubscriber`]
//! queues (see [`webhooks`]), the [`NotificationSubscriber`] writes
//! in-app notifications (see [`notifications`]), and the
//! [`WorkflowSubscriber`] starts the workflow runs the [`WorkflowWorker`]
//! carries out (see [`workflows`]).

mod backup;
pub mod billing;
mod bulk_edit;
mod context;
mod duplicates;
pub mod events;
mod import;
mod mailer;
pub mod notifications;
mod overdue;
mod plugins;
mod recompute;
mod registry;
mod regrade;
mod runner;
pub mod search_indexer;
pub mod webhooks;
pub mod workflows;

pub use backup::{BackupCreate, BackupRestore};
pub use billing::{BillingWorker, BillingWorkerConfig, SeatSync};
pub use bulk_edit::BulkEdit;
pub use context::JobContext;
pub use duplicates::DuplicateScan;
pub use events::{Dispatcher, DispatcherConfig, Subscriber};
pub use guanxi_store::jobs::Progress;
pub use import::CustomerImport;
pub use mailer::{Mailer, MailerConfig};
pub use notifications::NotificationSubscriber;
pub use overdue::WorkPlanOverdue;
pub use plugins::HostRuntime;
pub use recompute::ComputedFieldRefresh;
pub use registry::{JobHandler, Registry};
pub use regrade::CustomerRegrade;
pub use runner::{Runner, RunnerConfig};
pub use search_indexer::{RebuildCounts, SearchIndexer, rebuild_company};
pub use webhooks::{WebhookSubscriber, WebhookWorker, WebhookWorkerConfig};
pub use workflows::{Clock, WorkflowSubscriber, WorkflowWorker, WorkflowWorkerConfig};
