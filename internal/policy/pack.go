package policy

import (
	"io/fs"

	"github.com/subpolicy/subpolicy/policy"
)

// defaultPack is the embedded default pack (Options.DefaultPack).
var defaultPack fs.FS = policy.FS
