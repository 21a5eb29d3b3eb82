package action

import (
	"crypto/rand"
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// output is one step output.
type output struct{ name, value string }

// outputName is what a step output may be called.
var outputName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// writeOutputs appends outputs to the runner's GITHUB_OUTPUT file as
//
//	name<<ghadelimiter_RANDOM
//	value
//	ghadelimiter_RANDOM
//
// with a fresh random delimiter that the value does not contain, as actions/toolkit does,
// so no value (whatever lines it holds) can end its block early and set other outputs.
// go-githubactions' SetOutput uses one fixed delimiter, which a value could contain.
func writeOutputs(path string, outs []output) error {
	var b strings.Builder
	for _, o := range outs {
		if !outputName.MatchString(o.name) {
			return fmt.Errorf("output name %q is not valid (letters, digits, \"_\" and \"-\", not starting with a digit)", o.name)
		}
		delim, err := delimiter(o.value)
		if err != nil {
			return fmt.Errorf("output %q: %w", o.name, err)
		}
		fmt.Fprintf(&b, "%s<<%s\n%s\n%s\n", o.name, delim, o.value, delim)
	}
	if err := appendFile(path, b.String()); err != nil {
		return fmt.Errorf("setting the outputs: %w", err)
	}
	return nil
}

// delimiter returns a random heredoc delimiter that value does not contain.
func delimiter(value string) (string, error) {
	for range 8 {
		d := "ghadelimiter_" + rand.Text()
		if !strings.Contains(value, d) {
			return d, nil
		}
	}
	return "", errors.New("no delimiter could be found that the value does not contain")
}
