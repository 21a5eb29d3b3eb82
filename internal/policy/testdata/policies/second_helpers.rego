package subpolicy.rules["second-rule"]

# A second file of the same package, without METADATA: the package's METADATA is in second.rego.
vague_purposes := {"Services"}
