//! Tokens and password hashes.
//!
//! Tokens look like `gxs_<tenant>_<secret>`: the kind (`gxs` session, `gxk`
//! API key, `gxi` invitation, `gxd` download link, `gxa` an anonymous
//! suggestion's reading link, `gxr` password reset, `gxv` address
//! verification), the tenant id (so the row can be found under
//! row-level security before anyone is authenticated) and 256 random bits.
//! Only the SHA-256 of the secret is stored; the secret is high-entropy, so a
//! fast hash is enough. Passwords are argon2id with OWASP's parameters.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use guanxi_core::{Error, Result, TenantId};
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// What a token grants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Session,
    ApiKey,
    Invitation,
    Download,
    /// The private link to an anonymous suggestion and its replies.
    SuggestionReader,
    PasswordReset,
    EmailVerification,
}

impl TokenKind {
    fn prefix(self) -> &'static str {
        match self {
            TokenKind::Session => "gxs",
            TokenKind::ApiKey => "gxk",
            TokenKind::Invitation => "gxi",
            TokenKind::Download => "gxd",
            TokenKind::SuggestionReader => "gxa",
            TokenKind::PasswordReset => "gxr",
            TokenKind::EmailVerification => "gxv",
        }
    }
}

/// A freshly minted token: the full text (shown once) and its stored hash.
pub(crate) struct NewToken {
    pub text: String,
    pub hash: String,
}

pub(crate) fn new_token(kind: TokenKind, tenant: TenantId) -> NewToken {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = URL_SAFE_NO_PAD.encode(bytes);
    NewToken { text: format!("{}_{}_{}", kind.prefix(), tenant.0.simple(), secret), hash: hash_secret(&secret) }
}

/// A token taken apart: its kind, the tenant it names and the hash to look up.
pub(crate) struct ParsedToken {
    pub kind: TokenKind,
    pub tenant: TenantId,
    pub hash: String,
}

pub(crate) fn parse_token(text: &str) -> Option<ParsedToken> {
    let mut parts = text.trim().splitn(3, '_');
    let kind = match parts.next()? {
        "gxs" => TokenKind::Session,
        "gxk" => TokenKind::ApiKey,
        "gxi" => TokenKind::Invitation,
        "gxd" => TokenKind::Download,
        "gxa" => TokenKind::SuggestionReader,
        "gxr" => TokenKind::PasswordReset,
        "gxv" => TokenKind::EmailVerification,
        _ => return None,
    };
    let tenant = Uuid::try_parse(parts.next()?).ok()?;
    let secret = parts.next()?;
    if secret.len() != 43 {
        return None;
    }
    Some(ParsedToken { kind, tenant: TenantId(tenant), hash: hash_secret(secret) })
}

pub(crate) fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn argon2() -> Result<Argon2<'static>> {
    // OWASP password storage cheat sheet: argon2id, 19 MiB, 2 iterations, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| Error::Internal(e.to_string().into()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hash a password (on a blocking thread: it takes tens of milliseconds).
pub(crate) async fn hash_password(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()?
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| Error::Internal(e.to_string().into()))
    })
    .await
    .map_err(Error::internal)?
}

/// Verify a password against a stored hash. With no hash (unknown account) a
/// dummy hash is verified instead, so both cases take the same time.
pub(crate) async fn verify_password(password: String, hash: Option<String>) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let stored = match hash {
            Some(h) => h,
            None => dummy_hash()?.to_owned(),
        };
        let parsed = PasswordHash::new(&stored).map_err(|e| Error::Internal(e.to_string().into()))?;
        Ok(argon2()?.verify_password(password.as_bytes(), &parsed).is_ok())
    })
    .await
    .map_err(Error::internal)?
}

fn dummy_hash() -> Result<&'static str> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(h) = DUMMY.get() {
        return Ok(h);
    }
    let salt = SaltString::generate(&mut OsRng);
    let h = argon2()?
        .hash_password(b"not a password anyone has", &salt)
        .map_err(|e| Error::Internal(e.to_string().into()))?
        .to_string();
    Ok(DUMMY.get_or_init(|| h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_garbage() {
        let tenant = TenantId::new();
        let t = new_token(TokenKind::ApiKey, tenant);
        let p = parse_token(&t.text).expect("parses");
        assert_eq!(p.kind, TokenKind::ApiKey);
        assert_eq!(p.tenant, tenant);
        assert_eq!(p.hash, t.hash);
        for bad in ["", "gxs", "gxs_x_y", "abc_00000000000000000000000000000000_x", &t.text.replace("gxk", "gxz")] {
            assert!(parse_token(bad).is_none(), "{bad}");
        }
        let short = &t.text[..t.text.len() - 1];
        assert!(parse_token(short).is_none());
    }

    #[tokio::test]
    async fn passwords_hash_and_verify() {
        let h = hash_password("correct horse battery".into()).await.expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct horse battery".into(), Some(h.clone())).await.expect("verify"));
        assert!(!verify_password("wrong horse battery".into(), Some(h)).await.expect("verify"));
        assert!(!verify_password("anything".into(), None).await.expect("verify"));
    }
}
