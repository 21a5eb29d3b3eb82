// Package policy embeds the default Rego policy pack: the shared library (lib), one folder per
// rule (rules/<slug>/<slug>.rego beside its <slug>_test.rego) and the default configuration
// (config.json), which the engine mounts at data.subpolicy.config and deep-merges a user's
// overrides over.
package policy

import "embed"

// FS holds lib/*.rego, rules/*/*.rego (tests included) and config.json.
//
//go:embed config.json lib/*.rego rules/*/*.rego
var FS embed.FS
