// Package policytest gives tests a way to make policy evaluation panic: a built-in function
// that panics, and a rule that calls it. Import it from tests only: registering the built-in
// adds it to every engine of the process.
package policytest

import (
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"
)

// PanicBuiltin is the name of the built-in RegisterPanic adds. It panics with PanicValue
// followed by its argument.
const PanicBuiltin = "subpolicy_test.panic"

// PanicValue starts the value the built-in panics with.
const PanicValue = "boom from a built-in"

var once sync.Once

// RegisterPanic registers PanicBuiltin, once per process.
func RegisterPanic() {
	once.Do(func() {
		rego.RegisterBuiltin1(&rego.Function{
			Name: PanicBuiltin,
			Decl: types.NewFunction(types.Args(types.A), types.B),
		}, func(_ rego.BuiltinContext, a *ast.Term) (*ast.Term, error) {
			panic(PanicValue + ": " + a.String())
		})
	})
}

// PanicPolicy is a rule that calls PanicBuiltin on every row's name.
const PanicPolicy = `# METADATA
# title: Panics
# description: Calls a built-in function that panics.
# custom:
#   id: PANIC001
#   severity: error
package subpolicy.rules.panics

deny contains sp.name if {
	some sp in input.subprocessors
	` + PanicBuiltin + `(sp.name)
}
`

// SlowPolicy is a rule that takes far longer than any test's policy timeout.
const SlowPolicy = `# METADATA
# title: Slow
# description: Counts far.
# custom:
#   id: SLOW001
#   severity: error
package subpolicy.rules.slow

deny contains "done" if {
	count([x | some x in numbers.range(1, 100000000)]) < 0
}
`
