package subpolicy.rules.no_metadata

deny contains "x"
