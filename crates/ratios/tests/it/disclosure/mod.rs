//! Disclosure control: rules on hand-made tables, the attacker test and the Q1 2016 fixture.

mod fixture_q1;
