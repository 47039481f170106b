//! Integration tests of the pure computations: hand-computed indicator values, cell statistics,
//! exports, quality flags, the published Q1 2016 table (golden), disclosure control, the loan
//! classification and provisioning of Bank Al-Maghrib and of the BCEAO (RCSFD), and solvency.

mod bam;
mod bceao;
mod consolidation;
mod disclosure;
mod fixture;
mod golden;
mod indicators;
mod quality;
mod solvency;
mod stats;
mod zone;

type TestResult = Result<(), Box<dyn std::error::Error>>;
