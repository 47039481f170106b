## Loan tapes
