//! Integration tests of the domain crate: the shipped frameworks load, broken framework
//! files are refused with messages that say what is wrong, and the deterministic generator
//! keeps its sequence.

mod bceao;
mod classification;
mod framework;
mod rng;
