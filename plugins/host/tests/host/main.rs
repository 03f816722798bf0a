//! Plugin host tests: the example plugins, the ABI rules at upload, and
//! hostile plugins that must each fail their own call and nothing else.
#![expect(clippy::unwrap_used, reason = "tests")]

mod abi;
mod examples;
mod hostile;
mod support;
