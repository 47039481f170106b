//! Integration tests of the indicator engine and the consolidation: hand-computed indicator
//! values, cell statistics, exports, quality flags, and the published Q1 2016 table (golden).

mod consolidation;
mod disclosure;
mod fixture;
mod golden;
mod indicators;
mod quality;
mod stats;

type TestResult = Result<(), Box<dyn std::error::Error>>;
