//! Integration tests of the domain crate: the shipped frameworks load, and broken framework
//! files are refused with messages that say what is wrong.

mod classification;
mod framework;
