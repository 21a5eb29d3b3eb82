package cli

import (
	"context"
	"fmt"
	"runtime/debug"
)

// Version is set at build time with -ldflags "-X github.com/subpolicy/subpolicy/internal/cli.Version=v1.2.3";
// otherwise it comes from the module's build information.
var Version = ""

// version returns the running binary's version.
func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func runVersion(_ context.Context, _ []string, s Streams) int {
	fmt.Fprintf(s.Stdout, "subpolicy %s\n", version())
	return ExitOK
}
