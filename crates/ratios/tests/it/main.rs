//! Integration tests of the pure computations.

mod bam;
mod solvency;
