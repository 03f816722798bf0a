//! The mail delivery worker: sends the outbox through an SMTP relay.
//!
//! One worker per replica claims due mails from the store's delivery queue
//! (leased, so replicas never send the same mail at once), sends each with
//! `lettre`, and records the outcome: `sent`, a retry after a delay that
//! doubles with every attempt, or `dead` after the last attempt.

use std::time::Duration;

use guanxi_store::Store;
use guanxi_store::outbox::{ClaimedMail, Delivery};
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::Instrument as _;

use crate::runner::retry_delay;

/// How the delivery worker behaves.
#[derive(Clone, Debug)]
pub struct MailerConfig {
    /// The relay: `smtp://host:port` (plain), `smtp://host:587?tls=required`
    /// (STARTTLS) or `smtps://user:password@host:465` (TLS from the start).
    pub smtp_url: SecretString,
    /// The sender, e.g. `关系 CRM <noreply@example.com>`.
    pub from: String,
    /// Attempts per mail before it is `dead`.
    pub max_attempts: i32,
    /// Delay before the first retry; it doubles with every further attempt,
    /// up to an hour.
    pub retry_base: Duration,
    /// How long to wait before looking again when no mail is due.
    pub poll_interval: Duration,
    /// How long one SMTP exchange may take.
    pub timeout: Duration,
    /// This worker's name in the queue's `locked_by`.
    pub worker_id: String,
}

impl MailerConfig {
    /// Check the relay URL and the sender, so a bad setting stops start-up
    /// instead of killing every mail.
    pub fn check(&self) -> Result<(), String> {
        self.from.parse::<Mailbox>().map_err(|e| format!("mail_from: {e}"))?;
        self.transport().map(|_| ())
    }

    fn transport(&self) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
        // The URL's text is never shown: it may hold a password.
        Ok(AsyncSmtpTransport::<Tokio1Executor>::from_url(self.smtp_url.expose_secret())
            .map_err(|_| "smtp_url is not a valid smtp:// or smtps:// URL".to_owned())?
            .timeout(Some(self.timeout))
            .build())
    }
}

/// A running delivery worker; stop it with [`Mailer::shutdown`].
pub struct Mailer {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Mailer {
    /// Start delivering the outbox of `store` as `config` says. The relay
    /// URL and sender must have passed [`MailerConfig::check`].
    pub fn spawn(store: Store, config: MailerConfig) -> Result<Mailer, String> {
        let transport = config.transport()?;
        let from = config.from.parse::<Mailbox>().map_err(|e| format!("mail_from: {e}"))?;
        let (stop, stop_rx) = watch::channel(false);
        let span = tracing::info_span!("mail", worker_id = %config.worker_id);
        let task = tokio::spawn(run(store, transport, from, config, stop_rx).instrument(span));
        Ok(Mailer { stop, task })
    }

    /// Ask the worker to stop after the mail it is sending, if any.
    pub fn stop(&self) {
        self.stop.send_replace(true);
    }

    /// [`Mailer::stop`], then wait until it has stopped.
    pub async fn shutdown(self) {
        self.stop();
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "the mail worker crashed");
        }
    }
}

async fn run(
    store: Store,
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    config: MailerConfig,
    mut stop: watch::Receiver<bool>,
) {
    tracing::info!("mail delivery started");
    // The lease outlasts one SMTP exchange by far; it only runs out when
    // this process dies mid-send, and then another replica sends the mail.
    let lease = config.timeout.saturating_mul(4).max(Duration::from_secs(60));
    while !*stop.borrow() {
        match store.claim_mail(&config.worker_id, lease).await {
            Ok(Some(claimed)) => {
                let outcome = deliver(&transport, &from, &claimed, &config).await;
                if let Err(e) = store.finish_mail(&claimed, outcome).await {
                    tracing::warn!(error = ?e, mail_id = %claimed.mail.id, "recording a delivery failed");
                }
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = ?e, "claiming a mail failed"),
        }
        tokio::select! {
            r = stop.changed() => if r.is_err() { break },
            () = tokio::time::sleep(config.poll_interval) => {}
        }
    }
}

/// The message for a mail from the outbox. lettre encodes non-ASCII
/// headers (RFC 2047) and refuses addresses that are not addresses, so
/// neither a subject nor a recipient can add headers.
fn message(from: &Mailbox, claimed: &ClaimedMail) -> Result<Message, String> {
    let to = claimed.mail.to.parse::<Mailbox>().map_err(|e| format!("invalid recipient: {e}"))?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(claimed.mail.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(claimed.mail.body.clone())
        .map_err(|e| format!("could not build the message: {e}"))
}

async fn deliver(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    claimed: &ClaimedMail,
    config: &MailerConfig,
) -> Delivery {
    let attempt = claimed.mail.attempts + 1;
    let error = match message(from, claimed) {
        // A message that cannot be built never will be: no retries.
        Err(error) => return Delivery::Dead { error },
        Ok(m) => match transport.send(m).await {
            Ok(_) => {
                tracing::info!(mail_id = %claimed.mail.id, kind = %claimed.mail.kind, attempt, "mail sent");
                return Delivery::Sent;
            }
            Err(e) => e.to_string(),
        },
    };
    tracing::warn!(mail_id = %claimed.mail.id, attempt, error = %error, "mail delivery failed");
    if attempt >= config.max_attempts {
        Delivery::Dead { error }
    } else {
        Delivery::RetryAfter { error, delay: retry_delay(config.retry_base, attempt) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_an_hour() {
        let base = Duration::from_secs(30);
        assert_eq!(retry_delay(base, 1), Duration::from_secs(30));
        assert_eq!(retry_delay(base, 2), Duration::from_secs(60));
        assert_eq!(retry_delay(base, 4), Duration::from_secs(240));
        assert_eq!(retry_delay(base, 40), Duration::from_secs(3600));
    }

    // Building the transport starts its connection pool, which needs a runtime.
    #[tokio::test]
    async fn bad_settings_are_refused() {
        let ok = MailerConfig {
            smtp_url: SecretString::from("smtp://127.0.0.1:2525"),
            from: "关系 CRM <noreply@example.com>".to_owned(),
            max_attempts: 3,
            retry_base: Duration::from_secs(1),
            poll_interval: Duration::from_secs(1),
            timeout: Duration::from_secs(5),
            worker_id: "w".to_owned(),
        };
        assert_eq!(ok.check(), Ok(()));
        let bad_url = MailerConfig { smtp_url: SecretString::from("http://u:secret@h"), ..ok.clone() };
        assert!(!bad_url.check().expect_err("an http URL is refused").contains("secret"));
        let bad_from = MailerConfig { from: "nobody".to_owned(), ..ok };
        assert!(bad_from.check().is_err());
    }
}
