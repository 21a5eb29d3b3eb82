package cli

import (
	"context"
	"fmt"
	"os"

	"github.com/subpolicy/subpolicy/internal/action"
)

// runAction is the GitHub Action's entrypoint (action.yml runs "subpolicy action"): the
// inputs and the runner's variables come from the environment, workflow commands go to
// standard output.
func runAction(ctx context.Context, args []string, s Streams) int {
	if len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprintln(s.Stdout, "usage: subpolicy action\n\nRuns as the GitHub Action: inputs come from INPUT_<NAME> variables and the runner's GITHUB_* variables; see action.yml.")
		return ExitOK
	}
	if len(args) > 0 {
		fmt.Fprintf(s.Stderr, "subpolicy action: takes no arguments (got %q); it reads its inputs from the environment as INPUT_<NAME>\n", args)
		return ExitUsage
	}
	env := action.NewEnv(os.Getenv, s.Stdout)
	env.Version = version()
	return action.Run(ctx, env)
}
