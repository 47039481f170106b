//! Mizan's use cases.
#![deny(missing_docs)]

pub mod settings;
