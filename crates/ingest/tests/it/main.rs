//! Integration tests of the readers.

mod loans;
