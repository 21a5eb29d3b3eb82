// Package policy compiles the default Rego pack and a user's policies once, in a sandbox
// without network and environment built-ins, and evaluates a Document with one prepared query,
// turning the rule packages' deny, warn and info sets into findings.
package policy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/open-policy-agent/opa/v1/topdown/print"
	"golang.org/x/sync/errgroup"

	"github.com/subpolicy/subpolicy/internal/finding"
	"github.com/subpolicy/subpolicy/internal/subprocessor"
)

// DefaultTimeout bounds the evaluation of one document when Options.Timeout is zero.
const DefaultTimeout = 10 * time.Second

// Options says which policies and data an Engine loads.
type Options struct {
	DefaultPack bool          // include the embedded default pack's rules (its lib and configuration are always loaded)
	Policies    []string      // .rego files or folders of them (walked recursively; *_test.rego skipped)
	Data        []string      // JSON or YAML files deep-merged over data.subpolicy.config, in order
	Print       io.Writer     // where print() output goes, each line prefixed "file.rego:LINE: "; nil discards it
	Timeout     time.Duration // per-document evaluation timeout; 0 means DefaultTimeout
	// Dir, when set, is the folder relative Policies and Data paths are read from; messages,
	// Rule.File and waivers still name them as given (the action reads a repository's files
	// this way and reports repository-relative paths).
	Dir string
}

// Engine holds compiled policies and one prepared query. It is safe for concurrent use.
type Engine struct {
	rules    []*ruleInfo
	bindings []binding // one per result set, in query order
	query    rego.PreparedEvalQuery
	// ropts build the query; perRule are queries of one rule each, prepared on the first
	// document long enough to evaluate its rules in parallel (see evaluate).
	ropts        []func(*rego.Rego)
	perRule      func() ([]ruleQuery, error)
	parallelRows int          // ParallelRows; tests lower it
	workers      int          // goroutines for the rule queries; 0 means GOMAXPROCS
	parallel     atomic.Int64 // evaluations that ran the rule queries in parallel
	compiler     *ast.Compiler
	config       map[string]any
	timeout      time.Duration
	fileRule     map[string]string // rule file -> rule id, to name the rule in evaluation errors
	waivers      []Waiver          // config.waivers of the data files (waivers.go)
	reading      subprocessor.Options
}

// binding is one variable of the prepared query: the value of one rule's result set.
type binding struct {
	name string
	rule *ruleInfo
	set  resultSet
}

// ref is the result set's reference: data.subpolicy.rules.<slug>.<set>.
func (b binding) ref() ast.Ref { return b.rule.path.Append(ast.StringTerm(b.set.name)) }

// expr is the query expression binding the result set to the variable.
func (b binding) expr() string { return b.name + " := " + b.ref().String() }

// Load reads, parses and compiles the policies and data once. Its errors are about the user's
// files (syntax, removed built-ins, METADATA conventions, data files) and name the file and,
// where known, the line and column.
//
// Without the default pack (DefaultPack false) its rules are left out, but not its library
// (data.subpolicy.lib) nor its configuration: a user's rules build on both.
func Load(ctx context.Context, opts Options) (*Engine, error) {
	// Parsing and compiling the pack allocates about 17 MB of short-lived syntax trees on a
	// heap of a few MB: at the default GOGC the collector runs a dozen times over it, a fifth
	// of the load time. Let the heap grow more while loading, unless GOGC was set.
	defer loadingGC()()
	return load(ctx, opts, defaultPack)
}

// dropPackLibIfOwn leaves out the pack's library when the user's policies bring a package
// subpolicy.lib of their own (a copy of it, from before the library was loaded without the
// pack): two copies of one rule would not compile.
func dropPackLibIfOwn(mods map[string]*ast.Module) {
	own := false
	for k, m := range mods {
		if !strings.HasPrefix(k, "pack:") && m.Package.Path.Equal(libPackage) {
			own = true
			break
		}
	}
	if own {
		maps.DeleteFunc(mods, func(k string, _ *ast.Module) bool { return strings.HasPrefix(k, "pack:lib/") })
	}
}

// libPackage is the shared library's package path.
var libPackage = ast.MustParseRef("data.subpolicy.lib")

// loadGCPercent is the GOGC while policies load (see Load).
const loadGCPercent = 400

// defaultGCPercent is the runtime's GOGC when nobody set one.
const defaultGCPercent = 100

// loadGC counts the loads under way, so that concurrent loads restore the GOGC of before the
// first, whatever order they end in.
var loadGC struct {
	sync.Mutex
	loads int
	saved int
}

// loadingGC raises GOGC for a load and returns what lowers it again.
func loadingGC() (done func()) {
	loadGC.Lock()
	if loadGC.loads == 0 {
		loadGC.saved = debug.SetGCPercent(loadGCPercent)
		if loadGC.saved != defaultGCPercent {
			// GOGC was set (in the environment or by the program): leave it as it is.
			debug.SetGCPercent(loadGC.saved)
		}
	}
	loadGC.loads++
	loadGC.Unlock()
	return func() {
		loadGC.Lock()
		loadGC.loads--
		if loadGC.loads == 0 {
			debug.SetGCPercent(loadGC.saved)
		}
		loadGC.Unlock()
	}
}

// load is Load with the pack given; nil leaves it out.
func load(ctx context.Context, opts Options, pack fs.FS) (*Engine, error) {
	caps := capabilities()

	var srcs []source
	if pack != nil {
		s, err := packSources(pack)
		if err != nil {
			return nil, err
		}
		if !opts.DefaultPack {
			s = slices.DeleteFunc(s, func(src source) bool { return !strings.HasPrefix(src.key, "pack:lib/") })
		}
		srcs = append(srcs, s...)
	}
	user, err := userSources(opts.Dir, opts.Policies)
	if err != nil {
		return nil, err
	}
	srcs = append(srcs, user...)

	data, err := readDataFiles(opts.Dir, opts.Data)
	if err != nil {
		return nil, err
	}
	config, err := loadConfig(pack, packPrefix, data)
	if err != nil {
		return nil, err
	}
	waivers, err := loadWaivers(data)
	if err != nil {
		return nil, err
	}
	reading, err := readingOptions(config)
	if err != nil {
		return nil, &Error{File: dataFileNames(data), Message: err.Error()}
	}
	store := configStore(config)

	mods, err := parseSources(srcs, caps)
	if err != nil {
		return nil, err
	}
	if !opts.DefaultPack {
		dropPackLibIfOwn(mods)
	}
	compiler, err := compile(ctx, mods, caps, store)
	if err != nil {
		return nil, err
	}
	rules, err := extractRules(compiler.Modules)
	if err != nil {
		return nil, err
	}
	if len(rules) == 0 {
		return nil, errors.New("no rules to evaluate; load the default pack or pass policies with " +
			"rule packages under subpolicy.rules (package subpolicy.rules.<name> with # METADATA and deny/warn/info)")
	}

	e := &Engine{
		rules:    rules,
		compiler: compiler,
		config:   config,
		timeout:  opts.Timeout,
		fileRule: map[string]string{},
		waivers:  waivers,
		reading:  reading,
	}
	if e.timeout <= 0 {
		e.timeout = DefaultTimeout
	}
	var query []string
	for _, r := range rules {
		for _, s := range r.sets {
			b := binding{name: "r" + strconv.Itoa(len(e.bindings)), rule: r, set: s}
			e.bindings = append(e.bindings, b)
			query = append(query, b.expr())
		}
	}
	for _, m := range compiler.Modules {
		for _, r := range rules {
			if m.Package.Path.Equal(r.path) {
				e.fileRule[m.Package.Location.File] = r.ID
			}
		}
	}

	ropts := []func(*rego.Rego){
		rego.Query(strings.Join(query, "; ")),
		rego.Compiler(compiler),
		rego.Store(store),
		rego.Capabilities(caps),
		rego.StrictBuiltinErrors(true),
		rego.EnablePrintStatements(true),
		// Keep results as AST values: findings are read straight from them.
		rego.GenerateJSON(func(t *ast.Term, _ *rego.EvalContext) (any, error) { return t, nil }),
	}
	if opts.Print != nil {
		ropts = append(ropts, rego.PrintHook(&printHook{w: opts.Print}))
	}
	e.query, err = rego.New(ropts...).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("preparing the policy query: %w", err)
	}
	e.ropts = ropts[1:] // all but the query
	e.perRule = sync.OnceValues(e.prepareRules)
	e.parallelRows = ParallelRows
	return e, nil
}

// ruleQuery is a prepared query of one rule's result sets.
type ruleQuery struct {
	query    rego.PreparedEvalQuery
	bindings []binding
}

// prepareRules prepares one query per rule, binding the same variables as the full query.
func (e *Engine) prepareRules() ([]ruleQuery, error) {
	var out []ruleQuery
	for _, r := range e.rules {
		var rq ruleQuery
		var query []string
		for _, b := range e.bindings {
			if b.rule == r {
				rq.bindings = append(rq.bindings, b)
				query = append(query, b.expr())
			}
		}
		if len(query) == 0 {
			continue
		}
		q, err := rego.New(append([]func(*rego.Rego){rego.Query(strings.Join(query, "; "))}, e.ropts...)...).PrepareForEval(context.Background())
		if err != nil {
			return nil, fmt.Errorf("preparing the query of rule %s: %w", r.ID, err)
		}
		rq.query = q
		out = append(out, rq)
	}
	return out, nil
}

// newCompiler is the compiler every evaluation and test run uses: the sandboxed capabilities,
// strict mode, print() enabled, Rego v1.
func newCompiler(caps *ast.Capabilities) *ast.Compiler {
	return ast.NewCompiler().
		WithCapabilities(caps).
		WithStrict(true).
		WithEnablePrintStatements(true).
		WithDefaultRegoVersion(ast.RegoV1)
}

// configStore holds the configuration at data.subpolicy.config, read as AST values.
func configStore(config map[string]any) storage.Store {
	return inmem.NewFromObjectWithOpts(map[string]any{
		"subpolicy": map[string]any{"config": config},
	}, inmem.OptRoundTripOnWrite(true), inmem.OptReturnASTValuesOnRead(true))
}

// compile type-checks the modules in strict mode with the sandboxed capabilities.
func compile(ctx context.Context, mods map[string]*ast.Module, caps *ast.Capabilities, store storage.Store) (*ast.Compiler, error) {
	txn, err := store.NewTransaction(ctx)
	if err != nil {
		return nil, err
	}
	defer store.Abort(ctx, txn)
	// A package over data.subpolicy.config would shadow the configuration.
	c := newCompiler(caps).WithPathConflictsCheck(storage.NonEmpty(ctx, store, txn))
	c.Compile(mods)
	if c.Failed() {
		return nil, fromASTErrors(c.Errors)
	}
	return c, nil
}

// Rules returns the loaded rules sorted by id.
func (e *Engine) Rules() []Rule {
	out := make([]Rule, len(e.rules))
	for i, r := range e.rules {
		out[i] = r.Rule
	}
	return out
}

// Config returns the merged configuration mounted at data.subpolicy.config. Numbers are
// json.Number. It is a copy: changing it changes nothing in the engine.
func (e *Engine) Config() map[string]any { return deepCopy(e.config).(map[string]any) }

// Reading is how the configuration tells the recogniser to read pages: the column mapping
// (config.columns) and the subprocessor pages (config.subprocessor_pages).
func (e *Engine) Reading() subprocessor.Options { return e.reading }

// NoticeDays is config.notice_days, the notice period customers are promised before a new
// subprocessor starts (0 when unset).
func (e *Engine) NoticeDays() (int, error) { return noticeDays(e.config) }

// Modules returns the compiled modules by key, for tools such as a unit-test runner.
func (e *Engine) Modules() map[string]*ast.Module { return maps.Clone(e.compiler.Modules) }

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = deepCopy(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = deepCopy(x)
		}
		return out
	}
	return v
}

// Evaluate runs every rule on doc and returns the findings, sorted and without duplicates.
// A panic during evaluation (in OPA or a built-in function) is an *EvalError wrapping a
// *PanicError, never a crash and never a pass.
func (e *Engine) Evaluate(ctx context.Context, doc *subprocessor.Document) (fs []finding.Finding, err error) {
	if doc == nil {
		return nil, errors.New("policy: Evaluate needs a document")
	}
	defer func() {
		if p := recover(); p != nil {
			fs, err = nil, panicError(doc, &PanicError{Value: p, Stack: debug.Stack()})
		}
	}()
	input, err := inputValue(doc)
	if err != nil {
		return nil, fmt.Errorf("%s: converting the document for policies: %w", doc.Path, err)
	}
	return e.evaluate(ctx, doc, input)
}

// panicError is the error of a panic while evaluating doc.
func panicError(doc *subprocessor.Document, pe *PanicError) error {
	return &EvalError{Path: doc.Path, msg: fmt.Sprintf("%s: policy evaluation failed: %v", doc.Path, pe), err: pe}
}

// ParallelRows is the number of rows from which a document's rules are evaluated in
// parallel, one query per rule on as many CPUs as there are: each rule then computes the
// page-wide facts it needs itself (what one query shares among all rules), which only pays
// on a long page.
const ParallelRows = 2000

// evaluate runs the query on doc's input value.
func (e *Engine) evaluate(ctx context.Context, doc *subprocessor.Document, input ast.Value) ([]finding.Finding, error) {
	ectx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	workers := e.workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if workers > 1 && len(doc.Subprocessors) >= e.parallelRows && len(e.rules) > 1 {
		queries, err := e.perRule()
		if err != nil {
			return nil, err
		}
		e.parallel.Add(1)
		bindings, err := e.evalParallel(ectx, queries, input, workers)
		if pe := (*PanicError)(nil); errors.As(err, &pe) {
			return nil, panicError(doc, pe)
		}
		if err != nil {
			return nil, e.evalError(ctx, ectx, doc, err)
		}
		return e.findings(doc, bindings)
	}
	rs, err := e.query.Eval(ectx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, e.evalError(ctx, ectx, doc, err)
	}
	if len(rs) == 0 {
		return nil, nil
	}
	return e.findings(doc, rs[0].Bindings)
}

// evalParallel evaluates the rule queries on workers goroutines and merges their bindings.
// The first error (a panic included) cancels the others.
func (e *Engine) evalParallel(ctx context.Context, queries []ruleQuery, input ast.Value, workers int) (map[string]any, error) {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	var (
		mu       sync.Mutex
		bindings = map[string]any{}
	)
	for _, q := range queries {
		g.Go(func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					err = &PanicError{Value: p, Stack: debug.Stack()}
				}
			}()
			rs, err := q.query.Eval(ctx, rego.EvalParsedInput(input))
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			for _, r := range rs {
				maps.Copy(bindings, r.Bindings)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return bindings, nil
}

// evalError names the document and, when OPA gives one, the policy position and rule.
func (e *Engine) evalError(parent, ectx context.Context, doc *subprocessor.Document, err error) error {
	if topdown.IsCancel(err) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		if perr := parent.Err(); perr != nil {
			return fmt.Errorf("%s: policy evaluation cancelled: %w", doc.Path, perr)
		}
		if errors.Is(ectx.Err(), context.DeadlineExceeded) {
			return &EvalError{Path: doc.Path, msg: fmt.Sprintf("%s: policy evaluation timed out after %s: %v", doc.Path, e.timeout, context.DeadlineExceeded),
				err: context.DeadlineExceeded}
		}
	}
	var te *topdown.Error
	if errors.As(err, &te) && te.Location != nil {
		msg := fmt.Sprintf("%s: policy error: %s:%d:%d: %s: %s", doc.Path, te.Location.File, te.Location.Row, te.Location.Col, te.Code, te.Message)
		if id, ok := e.fileRule[te.Location.File]; ok {
			msg += " (rule " + id + ")"
		}
		return &EvalError{Path: doc.Path, msg: msg, err: err}
	}
	return &EvalError{Path: doc.Path, msg: fmt.Sprintf("%s: policy error: %v", doc.Path, err), err: err}
}

// EvalError is a policy that failed while evaluating a document (a built-in error, a conflict,
// a result of the wrong shape); its text names the document and, when known, the policy
// position and rule.
type EvalError struct {
	Path string // the document
	msg  string
	err  error
}

func (e *EvalError) Error() string { return e.msg }
func (e *EvalError) Unwrap() error { return e.err }

// PanicError is a panic recovered while evaluating the policies: a bug in subpolicy, OPA or a
// built-in function. Stack is where it happened.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("internal error (panic: %v); please report it with the policy and page that cause it", e.Value)
}

// printHook writes print() output as "file.rego:LINE: message" lines; concurrent evaluations
// share it, so writes are serialised.
type printHook struct {
	mu sync.Mutex
	w  io.Writer
}

func (h *printHook) Print(pctx print.Context, msg string) error {
	var prefix string
	if pctx.Location != nil {
		prefix = pctx.Location.File + ":" + strconv.Itoa(pctx.Location.Row) + ": "
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	// A failing writer must not fail the evaluation: print output is for debugging.
	_, _ = io.WriteString(h.w, prefix+msg+"\n")
	return nil
}
