"""Case files for the casusoverleg. Models arrive with the case-file issue."""
