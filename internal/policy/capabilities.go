package policy

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// RemovedBuiltins are the OPA built-ins subpolicy policies cannot call: they reach the network
// or the host environment, or make results depend on the clock or on chance. Policies are code
// taken from a repository, and their input is the content under review; a rule must not be able
// to send that content anywhere, read the runner's environment or give different answers on a
// rerun. Dates are compared against input.context.now instead.
var RemovedBuiltins = []string{
	"http.send",              // network
	"net.lookup_ip_addr",     // network (DNS)
	"opa.runtime",            // host environment variables and configuration
	"time.now_ns",            // clock: use input.context.now
	"rand.intn",              // chance
	"uuid.rfc4122",           // chance
	"io.jwt.decode_verify",   // reads the clock when no time constraint is given
	"io.jwt.encode_sign",     // chance (signature nonces)
	"io.jwt.encode_sign_raw", // chance (signature nonces)
}

// capabilities returns the capability set policies are compiled and evaluated with: this OPA's
// built-ins minus RemovedBuiltins, and no host reachable over the network (allow_net empty,
// which also stops JSON-schema built-ins from fetching remote $refs).
func capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(slices.Clone(caps.Builtins), func(b *ast.Builtin) bool {
		return slices.Contains(RemovedBuiltins, b.Name)
	})
	caps.AllowNet = []string{}
	return caps
}

// removedBuiltinMessage is what a user sees when a policy calls a removed built-in.
func removedBuiltinMessage(name string) string {
	return fmt.Sprintf("%q is not allowed in subpolicy policies: network and environment builtins are removed "+
		"(compare dates against input.context.now instead of time.now_ns)", name)
}

// The compiler reports a call to a built-in missing from the capabilities as an undefined
// function; an unsafe-builtins list would report it as an unsafe call.
var (
	undefinedFunctionRE = regexp.MustCompile(`^undefined function (\S+)$`)
	unsafeBuiltinRE     = regexp.MustCompile(`^unsafe built-in function calls in expression: (.+)$`)
)

// removedBuiltinIn returns the removed built-in a compile error is about, if any.
func removedBuiltinIn(e *ast.Error) (string, bool) {
	if e.Code != ast.TypeErr && e.Code != ast.CompileErr {
		return "", false
	}
	for _, re := range []*regexp.Regexp{undefinedFunctionRE, unsafeBuiltinRE} {
		m := re.FindStringSubmatch(e.Message)
		if m == nil {
			continue
		}
		for _, name := range RemovedBuiltins {
			if m[1] == name || (re == unsafeBuiltinRE && slices.Contains(splitNames(m[1]), name)) {
				return name, true
			}
		}
	}
	return "", false
}

var namesSepRE = regexp.MustCompile(`,\s*`)

func splitNames(s string) []string { return namesSepRE.Split(s, -1) }
