## Validation issues
